package io.crosshost.scenario;

import java.nio.file.Path;

/** Where a definition came from, so that every message a user sees can name file:line:column. */
public record SourceLocation(Path file, int line, int column) {

    public static SourceLocation of(Path file) {
        return new SourceLocation(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
