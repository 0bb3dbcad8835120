package io.crosshost.runtime;

import java.time.Duration;
import java.util.List;

/**
 * One try at a cell: the container it ran in and what each step did (fewer steps when one timed out).
 * {@code preparedAhead}: what creating the container cost before the cell's turn, which counts in the cell's time.
 */
record Attempt(String containerId, List<StepOutcome> steps, Duration preparedAhead) {
}
