package io.crosshost.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosshost.scenario.FileType;

import java.util.Base64;

/**
 * What an engine says of a path itself (lstat), from the archive API's stat header: base64 JSON with Go's FileMode
 * bits in {@code mode}. {@code linkTarget} is the absolute path a symlink resolves to, not its readlink text.
 */
record PathStat(long size, long goMode, String linkTarget) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DIR = 1L << 31;
    private static final long SYMLINK = 1L << 27;
    private static final long DEVICE = 1L << 26;
    private static final long PIPE = 1L << 25;
    private static final long SOCKET = 1L << 24;
    private static final long SETUID = 1L << 23;
    private static final long SETGID = 1L << 22;
    private static final long CHAR_DEVICE = 1L << 21;
    private static final long STICKY = 1L << 20;

    /** The header's stat, or null when there is none or it is not what Docker and Podman send. */
    static PathStat decode(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            JsonNode stat = JSON.readTree(Base64.getDecoder().decode(header.trim()));
            if (!stat.path("mode").canConvertToLong()) {
                return null;
            }
            return new PathStat(stat.path("size").asLong(), stat.path("mode").asLong(),
                    stat.path("linkTarget").asText("").isEmpty() ? null : stat.path("linkTarget").asText());
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }

    FileType type() {
        if ((goMode & SYMLINK) != 0) {
            return FileType.SYMLINK;
        }
        if ((goMode & DIR) != 0) {
            return FileType.DIRECTORY;
        }
        if ((goMode & DEVICE) != 0) {
            return (goMode & CHAR_DEVICE) != 0 ? FileType.CHARACTER_DEVICE : FileType.BLOCK_DEVICE;
        }
        if ((goMode & PIPE) != 0) {
            return FileType.PIPE;
        }
        return (goMode & SOCKET) != 0 ? FileType.SOCKET : FileType.FILE;
    }

    /** The Unix permission bits, setuid, setgid and sticky as 04000, 02000, 01000. */
    int permissions() {
        int bits = (int) (goMode & 0777);
        if ((goMode & SETUID) != 0) {
            bits |= 04000;
        }
        if ((goMode & SETGID) != 0) {
            bits |= 02000;
        }
        if ((goMode & STICKY) != 0) {
            bits |= 01000;
        }
        return bits;
    }
}
