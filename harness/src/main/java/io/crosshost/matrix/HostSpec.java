package io.crosshost.matrix;

import java.util.Map;

/**
 * A container host of a matrix: a name, how to reach it, how many cells may run on it at once, and the OCI runtime
 * its containers ask for ({@code runtime}, null for the engine's default), so one engine can be several columns.
 */
public record HostSpec(String name, Endpoint endpoint, int concurrency, Map<String, String> labels, String runtime) {

    public HostSpec {
        labels = Map.copyOf(labels);
        if (concurrency < 1) {
            throw new IllegalArgumentException("host " + name + ": concurrency must be at least 1");
        }
    }

    /** A host whose containers run with the engine's default runtime. */
    public HostSpec(String name, Endpoint endpoint, int concurrency, Map<String, String> labels) {
        this(name, endpoint, concurrency, labels, null);
    }
}
