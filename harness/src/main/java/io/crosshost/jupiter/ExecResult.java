package io.crosshost.jupiter;

import io.crosshost.result.StepResult;

import java.time.Duration;

/**
 * What one {@link CellContainer#exec} did: the exit code (null when it ran out of time), the output (each stream
 * capped as a cell's, at the matrix's {@code output_cap}) and the cell it ran in, which assertions name.
 */
public record ExecResult(String cell, String command, Integer exitCode, String stdout, String stderr, boolean timedOut,
                         Duration duration) {

    static ExecResult of(String cell, StepResult step) {
        return new ExecResult(cell, step.command(), step.exitCode(), step.stdout().text(), step.stderr().text(),
                step.timedOut(), step.duration());
    }

    /** AssertJ assertions on this result whose messages name the cell and the command. */
    public ExecAssert assertThat() {
        return new ExecAssert(this);
    }
}
