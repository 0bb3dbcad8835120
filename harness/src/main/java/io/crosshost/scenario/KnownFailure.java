package io.crosshost.scenario;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cells that are expected to fail, and why: they report XFAIL, and XPASS once they pass.
 * Hosts and images are glob patterns over matrix names; an empty list matches every name.
 *
 * <p>A known failure of kind {@link Kind#IMAGE_UNUSABLE} says that the host cannot store or start the image at all
 * (rootless Podman and a file owned by uid 200000): the cell never gets a container, and it reports XFAIL only when
 * the engine's answer matches {@code engineSays}. Any other answer, a dead host or the harness's own error, stays an
 * ERROR and fails the run.
 */
public record KnownFailure(List<String> hosts, List<String> images, String reason, String bug, SourceLocation source,
                           Kind kind, Pattern engineSays) {

    /** What a known failure expects: a cell that runs and misses its expectations, or an image the host cannot use. */
    public enum Kind {
        FAILS,
        IMAGE_UNUSABLE;

        /** How a scenario file names the kind. */
        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public KnownFailure {
        hosts = List.copyOf(hosts);
        images = List.copyOf(images);
        kind = kind == null ? Kind.FAILS : kind;
        if (kind == Kind.IMAGE_UNUSABLE && engineSays == null) {
            throw new IllegalArgumentException("a known failure of kind image-unusable needs the engine's words to match");
        }
    }

    /** A known failure of the usual kind: the cell runs and fails. */
    public KnownFailure(List<String> hosts, List<String> images, String reason, String bug, SourceLocation source) {
        this(hosts, images, reason, bug, source, Kind.FAILS, null);
    }

    public boolean matches(String host, String image) {
        return anyMatch(hosts, host) && anyMatch(images, image);
    }

    /** Whether a cell that could not get a container, with this message, is the image-unusable failure expected. */
    public boolean explainsCouldNotRun(String message) {
        return kind == Kind.IMAGE_UNUSABLE && message != null && engineSays.matcher(message).find();
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
