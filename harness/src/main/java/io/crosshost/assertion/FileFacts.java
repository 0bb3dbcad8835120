package io.crosshost.assertion;

import io.crosshost.scenario.FileType;

/**
 * A path as the container's filesystem has it, read after the step: its own attributes (lstat) and, for what
 * reads through symlinks, the content of the file it leads to.
 *
 * @param mode       permission bits with setuid, setgid and sticky (07777)
 * @param ownerName  the user name of {@code uid} in the container's /etc/passwd, or null when it has none
 * @param groupName  the group name of {@code gid} in the container's /etc/group, or null
 * @param target     a symlink's target as readlink gives it, or null (not a symlink, or an engine that resolves
 *                   links: Podman's archive API does)
 * @param resolvedTarget the absolute path a symlink leads to, as the engine resolves it, or null
 * @param content    the content (cut at the read cap) of the file the path leads to, or null: a directory, or a
 *                   link that leads nowhere
 * @param sha256     the SHA-256 of the whole content in lower-case hex, or null with {@code content}
 */
public record FileFacts(FileType type, int mode, long uid, long gid, String ownerName, String groupName, long size,
                        String target, String resolvedTarget, String content, String sha256) {

    /** The mode as Go's FileMode.String() writes it ({@code -rwxr-xr-x}, {@code Lrwxrwxrwx}, {@code urwxr-xr-x}). */
    public String goModeString() {
        StringBuilder s = new StringBuilder();
        // Go's order of type letters: d a l T L D p S u g c t ?
        switch (type) {
            case DIRECTORY -> s.append('d');
            case SYMLINK -> s.append('L');
            case BLOCK_DEVICE -> s.append('D');
            case PIPE -> s.append('p');
            case SOCKET -> s.append('S');
            case CHARACTER_DEVICE -> s.append('D');
            default -> {
            }
        }
        if ((mode & 04000) != 0) {
            s.append('u');
        }
        if ((mode & 02000) != 0) {
            s.append('g');
        }
        if (type == FileType.CHARACTER_DEVICE) {
            s.append('c');
        }
        if ((mode & 01000) != 0) {
            s.append('t');
        }
        if (s.isEmpty()) {
            s.append('-');
        }
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return s.toString();
    }

    /** {@code 0755 (-rwxr-xr-x)}. */
    public String modeText() {
        return String.format("%04o (%s)", mode, goModeString());
    }
}
