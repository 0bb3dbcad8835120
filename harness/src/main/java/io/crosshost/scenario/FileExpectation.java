package io.crosshost.scenario;

import java.util.List;
import java.util.Set;

/**
 * A path in the container after the step: it exists (or must not), and what it is. Attributes are those of the path
 * itself (a symlink's own type, mode and owner, as lstat sees them); {@code contains}, {@code matches},
 * {@code notMatches}, {@code size} aside, which read what a symlink points to, as programs reading the file do.
 * Every attribute may be null (or an empty list): not checked.
 *
 * @param mode         the permission bits with setuid, setgid and sticky (07777), or null
 * @param owner        a user name, or a uid written in digits
 * @param group        a group name, or a gid written in digits
 * @param target       a symlink's target as the link stores it (readlink), or null
 * @param executableBy who must be able to execute it, by its mode bits
 * @param size         the size in bytes of the path itself (a symlink: the length of its target, as lstat says)
 * @param sha256       the SHA-256 of the content, in lower-case hex
 */
public record FileExpectation(String path, boolean exists, List<String> contains, List<TextPattern> matches,
                              List<TextPattern> notMatches, Integer mode, String owner, String group, FileType type,
                              String target, Set<Who> executableBy, Long size, String sha256) {

    /** Whose execute bit {@code executable_by} asks for; ANY is any of the three, as container-structure-test says. */
    public enum Who { OWNER, GROUP, OTHER, ANY }

    public FileExpectation {
        contains = List.copyOf(contains);
        matches = List.copyOf(matches);
        notMatches = List.copyOf(notMatches);
        executableBy = Set.copyOf(executableBy);
    }

    /** Existence and content only. */
    public FileExpectation(String path, boolean exists, List<String> contains) {
        this(path, exists, contains, List.of(), List.of(), null, null, null, null, null, Set.of(), null, null);
    }

    /** Whether anything but existence is asked: the checker then needs the file's facts. */
    public boolean needsContent() {
        return !contains.isEmpty() || !matches.isEmpty() || !notMatches.isEmpty() || sha256 != null;
    }

    /** Whether owner or group is written as a name, which only the container's /etc/passwd and /etc/group resolve. */
    public boolean namesOwners() {
        return (owner != null && !isId(owner)) || (group != null && !isId(group));
    }

    public static boolean isId(String value) {
        return !value.isEmpty() && value.chars().allMatch(Character::isDigit);
    }
}
