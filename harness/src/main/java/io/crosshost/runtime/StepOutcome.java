package io.crosshost.runtime;

import io.crosshost.assertion.Observed;
import io.crosshost.result.CapturedOutput;
import io.crosshost.result.StepResult;
import io.crosshost.scenario.DurationText;
import io.crosshost.scenario.Step;

import java.time.Duration;

/**
 * A step as it ran: what the reports keep, what the expectation check looks at, and a note on the container's limits
 * when they may explain a failure (killed for memory, out of time at the pids limit), or null.
 */
record StepOutcome(StepResult result, Observed observed, String note) {

    /** How a step's process ended: its exit code (null when it had none), whether it ran out of time, the note. */
    record End(Integer exitCode, boolean timedOut, String note) {
    }

    /**
     * The step's outcome from what was seen of it: its end, its output, what its expectations read after it
     * ({@code extras}), and its duration from {@code startedNanos} ({@link System#nanoTime}) to now.
     */
    static StepOutcome of(Step step, End end, Duration timeout, OutputCollector output, StepObservations.Extras extras,
                          long startedNanos) {
        CapturedOutput stdout = output.stdout();
        CapturedOutput stderr = output.stderr();
        StepResult result = new StepResult(step.name(), step.command().display(), end.exitCode(), stdout, stderr,
                Duration.ofNanos(System.nanoTime() - startedNanos), end.timedOut(), null);
        return new StepOutcome(result, new Observed(end.exitCode(), end.timedOut(), DurationText.of(timeout), stdout.text(),
                stderr.text(), extras.files(), extras.image(), extras.packages()), end.note());
    }
}
