package io.crosshost.scenario;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;

/**
 * Cells that are expected to fail, and why: they report XFAIL, and XPASS once they pass.
 * Hosts and images are glob patterns over matrix names; an empty list matches every name.
 */
public record KnownFailure(List<String> hosts, List<String> images, String reason, String bug, SourceLocation source) {

    public KnownFailure {
        hosts = List.copyOf(hosts);
        images = List.copyOf(images);
    }

    public boolean matches(String host, String image) {
        return anyMatch(hosts, host) && anyMatch(images, image);
    }

    /** Whether any glob matches the name; an empty list matches every name. */
    public static boolean anyMatch(List<String> globs, String name) {
        return globs.isEmpty() || globs.stream().anyMatch(glob -> globMatches(glob, name));
    }

    /** Shell-style glob: {@code *}, {@code ?} and {@code [..]}, over the whole name. */
    public static boolean globMatches(String glob, String name) {
        // Matrix names never hold a '/', so the path matcher's glob is exactly a shell glob here.
        return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(name));
    }
}
