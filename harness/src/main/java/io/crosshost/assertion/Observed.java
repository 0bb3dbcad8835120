package io.crosshost.assertion;

import java.util.Map;
import java.util.Optional;

/**
 * What a step did, as far as expectations look at it. {@code exitCode} is null when the step never finished;
 * {@code files} maps each path an expectation names to its content, or empty when the file is absent.
 */
public record Observed(Integer exitCode, boolean timedOut, String timeoutText, String stdout, String stderr,
                       Map<String, Optional<String>> files) {

    public Observed {
        files = Map.copyOf(files);
    }
}
