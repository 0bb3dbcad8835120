package io.crosshost.runtime;

import io.crosshost.assertion.Observed;
import io.crosshost.result.StepResult;

/**
 * A step as it ran: what the reports keep, what the expectation check looks at, and a note on the container's limits
 * when they may explain a failure (killed for memory, out of time at the pids limit), or null.
 */
record StepOutcome(StepResult result, Observed observed, String note) {
}
