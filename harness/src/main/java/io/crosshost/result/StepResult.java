package io.crosshost.result;

import java.time.Duration;

/** What one step of a cell did. {@code exitCode} is null when the step never finished (timeout, error). */
public record StepResult(String name, String command, Integer exitCode, CapturedOutput stdout, CapturedOutput stderr,
                         Duration duration, boolean timedOut, String failure) {
}
