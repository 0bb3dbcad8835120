package io.crosshost.result;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One cell's result: the outcome, the message a person reads first (AssertJ's own for a failure, the
 * engine's for an error, the reason for a skip), the steps it ran, and the one-line reproducer.
 * {@code knownFailure} and {@code bug} are set when a known failure covers the cell.
 */
public record CellResult(String cellId, String scenario, String image, String host, Status status, String message,
                         List<StepResult> steps, Instant startedAt, Duration duration, int attempts,
                         String containerId, String imageDigest, String reproducer, String knownFailure, String bug) {

    public CellResult {
        steps = List.copyOf(steps);
    }

    /** The last step's exit code, or null when no step finished. */
    public Integer exitCode() {
        return steps.isEmpty() ? null : steps.get(steps.size() - 1).exitCode();
    }
}
