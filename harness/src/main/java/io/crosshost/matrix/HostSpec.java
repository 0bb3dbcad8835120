package io.crosshost.matrix;

import java.util.Map;

/** A container host of a matrix: a name, how to reach it, how many cells may run on it at once. */
public record HostSpec(String name, Endpoint endpoint, int concurrency, Map<String, String> labels) {

    public HostSpec {
        labels = Map.copyOf(labels);
        if (concurrency < 1) {
            throw new IllegalArgumentException("host " + name + ": concurrency must be at least 1");
        }
    }
}
