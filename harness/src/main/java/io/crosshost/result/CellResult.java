package io.crosshost.result;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One cell's result: the outcome, the message a person reads first (AssertJ's own for a failure, the
 * engine's for an error, the reason for a skip), the steps it ran, and the one-line reproducer.
 * {@code knownFailure} and {@code bug} are set when a known failure covers the cell.
 * {@code tags} are the scenario's tags, so reports can filter cells without the scenario files.
 */
public record CellResult(String cellId, String scenario, String image, String host, Status status, String message,
                         List<StepResult> steps, Instant startedAt, Duration duration, int attempts,
                         String containerId, String imageDigest, String reproducer, String knownFailure, String bug,
                         List<String> tags) {

    public CellResult {
        steps = List.copyOf(steps);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The constructor from before {@code tags} existed; kept so that code written against it still compiles. */
    public CellResult(String cellId, String scenario, String image, String host, Status status, String message,
                      List<StepResult> steps, Instant startedAt, Duration duration, int attempts,
                      String containerId, String imageDigest, String reproducer, String knownFailure, String bug) {
        this(cellId, scenario, image, host, status, message, steps, startedAt, duration, attempts, containerId,
                imageDigest, reproducer, knownFailure, bug, List.of());
    }

    /** How the message of a cell starts whose image the host cannot store or start, as a known failure said it would. */
    public static final String IMAGE_UNUSABLE = "image not usable on this host";

    /** Whether this is such a cell: an XFAIL that never got a container, which no rerun can explain. */
    public boolean imageUnusable() {
        return status == Status.XFAIL && message != null && message.startsWith(IMAGE_UNUSABLE);
    }

    /** The last step's exit code, or null when no step finished. */
    public Integer exitCode() {
        return steps.isEmpty() ? null : steps.get(steps.size() - 1).exitCode();
    }
}
