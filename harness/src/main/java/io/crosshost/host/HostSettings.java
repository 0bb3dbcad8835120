package io.crosshost.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the harness talks to hosts, as the engine's configuration or the CLI decided it (the keys and their
 * documentation are in {@code engine.CrosshostConfiguration}, the one place that reads them).
 *
 * @param requestDeadline how long a request that should answer at once (create, start, inspect, kill, remove) may
 *                        take before the host counts as not answering: far above what a loaded engine takes here (a
 *                        remove under a fork bomb: about 1 s), far below forever
 * @param cacheDir        where image facts are kept between runs, keyed by image id (an image id is the hash of its
 *                        content, so a cached probe stays true)
 */
public record HostSettings(Duration requestDeadline, Path cacheDir) {

    public static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofSeconds(60);

    public HostSettings {
        Objects.requireNonNull(requestDeadline, "requestDeadline");
        Objects.requireNonNull(cacheDir, "cacheDir");
        if (requestDeadline.isZero() || requestDeadline.isNegative()) {
            throw new IllegalArgumentException("requestDeadline must be above zero: " + requestDeadline);
        }
    }

    /** The defaults: a 60 s deadline; {@code $XDG_CACHE_HOME/crosshost}, else {@code ~/.cache/crosshost}. */
    public static HostSettings defaults() {
        return new HostSettings(DEFAULT_REQUEST_DEADLINE, defaultCacheDir());
    }

    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "crosshost") : Path.of(System.getProperty("user.home"), ".cache", "crosshost");
    }
}
