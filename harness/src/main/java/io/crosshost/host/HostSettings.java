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
 * @param pullDeadline    how long one image's pull on one host may take in all: a registry that stops answering
 *                        mid-pull holds the engine's stream open without a word, and only this ends it
 * @param credentials     where a pull's registry credentials come from
 */
public record HostSettings(Duration requestDeadline, Path cacheDir, Duration pullDeadline, RegistryCredentials credentials) {

    public static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofSeconds(60);
    /** Far above a large image over a slow link (1 GiB at 2 MiB/s is 8.5 minutes), far below a night. */
    public static final Duration DEFAULT_PULL_DEADLINE = Duration.ofMinutes(15);

    public HostSettings {
        Objects.requireNonNull(requestDeadline, "requestDeadline");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(pullDeadline, "pullDeadline");
        Objects.requireNonNull(credentials, "credentials");
        if (requestDeadline.isZero() || requestDeadline.isNegative()) {
            throw new IllegalArgumentException("requestDeadline must be above zero: " + requestDeadline);
        }
        if (pullDeadline.isZero() || pullDeadline.isNegative()) {
            throw new IllegalArgumentException("pullDeadline must be above zero: " + pullDeadline);
        }
    }

    public HostSettings(Duration requestDeadline, Path cacheDir) {
        this(requestDeadline, cacheDir, DEFAULT_PULL_DEADLINE, RegistryCredentials.fromEnvironment());
    }

    /**
     * The defaults: a 60 s request deadline; {@code $XDG_CACHE_HOME/crosshost}, else {@code ~/.cache/crosshost}; a
     * 15 minute pull deadline; credentials from this process's environment.
     */
    public static HostSettings defaults() {
        return new HostSettings(DEFAULT_REQUEST_DEADLINE, defaultCacheDir());
    }

    public HostSettings withPullDeadline(Duration deadline) {
        return new HostSettings(requestDeadline, cacheDir, deadline, credentials);
    }

    public HostSettings withCredentials(RegistryCredentials from) {
        return new HostSettings(requestDeadline, cacheDir, pullDeadline, from);
    }

    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "crosshost") : Path.of(System.getProperty("user.home"), ".cache", "crosshost");
    }
}
