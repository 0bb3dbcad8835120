package io.crosshost.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that a reader never sees half done: a browser refreshing index.html, Jenkins picking up junit.xml, or the
 * next run reading this one's results.json as its history all see the old file or the new one.
 */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes text in UTF-8 through a writer, so a large report is never one String in memory. */
    interface Content {
        void writeTo(Writer out) throws IOException;
    }

    static void write(Path target, String content) throws IOException {
        write(target, out -> out.write(content));
    }

    static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // The temp file sits beside the target: a rename is only atomic within one file system. Not createTempFile:
        // its 0600 mode would make the reports unreadable to a web server or another user; this one gets the umask.
        Path temp = dir.resolve(tempName(target));
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String tempName(Path target) {
        return "." + target.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp";
    }

    /**
     * Points {@code link} at {@code relativeTarget}: a new symlink under a temporary name renamed over the old one,
     * so {@code reports/latest} always resolves, even while it moves. rename(2) replaces a symlink atomically.
     */
    static void pointLink(Path link, Path relativeTarget) throws IOException {
        Path dir = link.toAbsolutePath().getParent();
        Path temp = dir.resolve(tempName(link));
        Files.createSymbolicLink(temp, relativeTarget);
        try {
            Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, link, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
