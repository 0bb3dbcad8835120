package io.crosshost.scenario;

import java.util.Arrays;
import java.util.Locale;

/** What a path is, with goss's names for the kinds: {@code file}, {@code directory}, {@code symlink}, ... */
public enum FileType {
    FILE, DIRECTORY, SYMLINK, CHARACTER_DEVICE, BLOCK_DEVICE, PIPE, SOCKET;

    /** The name files write: {@code character-device}. */
    public String written() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The type of that name, or null. */
    public static FileType ofWritten(String name) {
        return Arrays.stream(values()).filter(t -> t.written().equals(name)).findFirst().orElse(null);
    }
}
