package io.crosshost.scenario;

import java.util.List;

/** A file in the container after the step: it exists (or must not), and contains these strings. */
public record FileExpectation(String path, boolean exists, List<String> contains) {

    public FileExpectation {
        contains = List.copyOf(contains);
    }
}
