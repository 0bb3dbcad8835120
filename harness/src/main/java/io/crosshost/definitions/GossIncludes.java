package io.crosshost.definitions;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** The files a goss {@code gossfile} names: a path or a glob (goss uses Go's filepath.Glob), relative to the including file. */
final class GossIncludes {

    private GossIncludes() {
    }

    static List<Path> resolve(Path dir, String name) {
        Path full = dir.resolve(name).normalize();
        if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
            return Files.isRegularFile(full) ? List.of(full) : List.of();
        }
        Path parent = full.getParent();
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + full.getFileName());
        try (Stream<Path> files = Files.list(parent)) {
            return files.filter(p -> glob.matches(p.getFileName()) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
