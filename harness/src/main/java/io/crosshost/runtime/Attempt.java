package io.crosshost.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One try at a cell: the container it ran in and what each step did (fewer steps when one timed out).
 * {@code preparedAhead}: the part of {@code duration} spent creating the container before the cell's turn.
 */
record Attempt(String containerId, List<StepOutcome> steps, Instant startedAt, Duration duration, Duration preparedAhead) {
}
