package io.crosshost.runtime;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Ids to names from a container's /etc/passwd or /etc/group ({@code name:x:id:...}), the first name of an id winning. */
final class AccountFiles {

    private AccountFiles() {
    }

    static Map<Long, String> ids(byte[] file) {
        Map<Long, String> names = new HashMap<>();
        if (file == null) {
            return names;
        }
        for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && !f[0].isEmpty() && !f[2].isEmpty() && f[2].chars().allMatch(Character::isDigit) && f[2].length() < 19) {
                names.putIfAbsent(Long.parseLong(f[2]), f[0]);
            }
        }
        return names;
    }
}
