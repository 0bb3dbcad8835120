package io.crosshost.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user-namespace verdict says: the host's uid mapping as ranges a person reads ("uids 0-65536 inside: 0 is
 * host uid 1001, 1-65536 are 100000-165535") and the id the image or the scenario needed, in the words the engines
 * use for it: Podman's "requested 200000:200000 for /opt/high-uid", Docker's "Container ID 200000 cannot be mapped".
 */
final class UserNamespaceWords {

    private static final Pattern PODMAN_REQUESTED = Pattern.compile("requested (\\d+):(\\d+)(?: for (\\S+?))?\\)");
    private static final Pattern DOCKER_UNMAPPED = Pattern.compile("Container ID (\\d+) cannot be mapped to a host ID");

    private UserNamespaceWords() {
    }

    /** "uids 0-65536 inside: 0 is host uid 1001, 1-65536 are 100000-165535" from "0 1001 1", "1 100000 65536". */
    static Optional<String> mapping(List<String> uidMap) {
        List<String> parts = new ArrayList<>();
        long highest = -1;
        for (String line : uidMap) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3) {
                return Optional.empty();
            }
            long inside = Long.parseLong(f[0]);
            long host = Long.parseLong(f[1]);
            if (f[2].equals("?")) {
                parts.add(inside + " and up are " + host + " and up (the engine does not say how many)");
                continue;
            }
            long size = Long.parseLong(f[2]);
            highest = Math.max(highest, inside + size - 1);
            parts.add(size == 1 ? inside + " is host uid " + host
                    : inside + "-" + (inside + size - 1) + " are " + host + "-" + (host + size - 1));
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        String range = highest >= 0 ? "uids 0-" + highest + " inside" : "uids inside";
        return Optional.of(range + ": " + String.join(", ", parts));
    }

    /** The same from the "uid mapping" fact as {@link CellFacts} flattens it ("0 1001 1, 1 100000 65536"). */
    static Optional<String> mapping(String uidMappingFact) {
        return uidMappingFact == null || uidMappingFact.isBlank() ? Optional.empty()
                : mapping(List.of(uidMappingFact.split(",\\s*")));
    }

    /** The id the engine said it could not map, with the file when it named one: "uid 200000 (for /opt/high-uid)". */
    static Optional<String> neededId(String engineMessage) {
        if (engineMessage == null) {
            return Optional.empty();
        }
        Matcher podman = PODMAN_REQUESTED.matcher(engineMessage);
        if (podman.find()) {
            return Optional.of("uid " + podman.group(1) + " and gid " + podman.group(2)
                    + (podman.group(3) != null ? " (for " + podman.group(3) + ")" : ""));
        }
        Matcher docker = DOCKER_UNMAPPED.matcher(engineMessage);
        if (docker.find()) {
            return Optional.of("id " + docker.group(1));
        }
        return Optional.empty();
    }
}
