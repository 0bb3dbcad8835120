package io.crosshost.runtime;

import io.crosshost.assertion.Observed;
import io.crosshost.result.StepResult;

/** A step as it ran: what the reports keep, and what the expectation check looks at. */
record StepOutcome(StepResult result, Observed observed) {
}
