package io.crosshost.triage;

import java.util.HashMap;
import java.util.Map;

/**
 * What probes learned, kept for the rest of a triage session: a host's syscall denials, an image's inventory and a
 * host's capability set do not change between two cells of one run, so {@code triage --all} asks each once per host
 * and image. The cell reruns are never kept: they are what is being measured.
 */
public final class ProbeMemo {

    /** A probe's reading, computed when first asked for. */
    @FunctionalInterface
    interface Reading<T> {
        T read() throws InterruptedException;
    }

    private final Map<String, Object> readings = new HashMap<>();
    private int hits;

    @SuppressWarnings("unchecked")
    synchronized <T> T get(String key, Reading<T> reading) throws InterruptedException {
        if (readings.containsKey(key)) {
            hits++;
            return (T) readings.get(key);
        }
        T value = reading.read();
        readings.put(key, value);
        return value;
    }

    synchronized boolean has(String key) {
        return readings.containsKey(key);
    }

    /** How many probe readings were served from memory instead of a container. */
    public synchronized int hits() {
        return hits;
    }
}
