package io.crosshost.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a run that could not be written, each as one line that names the file and the system's reason
 * ({@code could not write reports/x/index.html: No space left on device}). Every file is tried before they are
 * thrown together: one report that fails must not cost the others (issue 13).
 */
final class WriteProblems {

    interface Write {
        void run() throws IOException;
    }

    private final List<String> lines = new ArrayList<>();
    private final List<IOException> causes = new ArrayList<>();

    /**
     * Runs {@code write}; a failure becomes the line "could not {@code verb} {@code file}: reason{@code remedy}",
     * such as {@code could not write reports/x/junit.xml: Permission denied}.
     *
     * @return whether the write succeeded
     */
    boolean attempt(String verb, Path file, String remedy, Write write) {
        return attemptTo(verb + " " + file, file, remedy, write);
    }

    /** As {@link #attempt}, with the words between "could not" and the reason given whole. */
    boolean attemptTo(String what, Path file, String remedy, Write write) {
        try {
            write.run();
            return true;
        } catch (IOException e) {
            failed(what, file, remedy, e);
        } catch (UncheckedIOException e) {
            failed(what, file, remedy, e.getCause());
        }
        return false;
    }

    private void failed(String what, Path file, String remedy, IOException e) {
        lines.add("could not " + what + ": " + reason(e, file) + remedy);
        causes.add(e);
    }

    /** Keeps the problems of an inner set of writes, whose IOException has one line each (its {@link #thrown}). */
    void add(IOException e) {
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            lines.addAll(e.getMessage().lines().toList());
        }
        causes.add(e);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /** One IOException whose message is the lines; null when nothing failed. */
    IOException thrown() {
        if (lines.isEmpty()) {
            return null;
        }
        IOException all = new IOException(String.join("\n", lines), causes.get(0));
        causes.stream().skip(1).forEach(all::addSuppressed);
        return all;
    }

    void throwIfAny() throws IOException {
        IOException all = thrown();
        if (all != null) {
            throw all;
        }
    }

    /**
     * What the system said, without Java's wording: NIO puts the reason of a failed path call in
     * {@link FileSystemException#getReason()} (null for the common errno values it has a class for), and the path
     * it names is often a temporary file beside the report, which means nothing to the reader.
     */
    static String reason(IOException e, Path file) {
        if (e instanceof FileSystemException fs) {
            String reason = fs.getReason() != null ? fs.getReason()
                    : e instanceof AccessDeniedException ? "Permission denied"
                    : e instanceof NoSuchFileException ? "No such file or directory"
                    : e instanceof FileAlreadyExistsException ? "File exists"
                    : e instanceof DirectoryNotEmptyException ? "Directory not empty"
                    : e instanceof NotDirectoryException ? "Not a directory"
                    : e.getClass().getSimpleName();
            String where = fs.getFile();
            Path named = where == null ? null : Path.of(where).getFileName();
            boolean elsewhere = named != null && !where.equals(file.toString())
                    && !named.toString().startsWith("." + file.getFileName() + ".");
            return elsewhere ? reason + " (" + where + ")" : reason;
        }
        return e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
    }
}
