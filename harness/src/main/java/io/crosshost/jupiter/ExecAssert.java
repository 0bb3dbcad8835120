package io.crosshost.jupiter;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;

import java.util.Arrays;

/**
 * AssertJ assertions on an {@link ExecResult}, each failure starting {@code [scenario / image @ host] `command`} as the
 * engine's cell messages do, and saying the exit code and the output, so a report's message is enough to see why.
 */
public final class ExecAssert extends AbstractAssert<ExecAssert, ExecResult> {

    ExecAssert(ExecResult actual) {
        super(actual, ExecAssert.class);
    }

    /** Exit code 0 within the time allowed. */
    public ExecAssert succeeds() {
        return exitsWith(0);
    }

    /** One of {@code codes} as the exit code, within the time allowed. */
    public ExecAssert exitsWith(int... codes) {
        isNotNull();
        if (actual.timedOut()) {
            // Passed as an argument, never as the format: a command or its output may hold a '%'.
            failWithMessage("%s", where() + " did not finish in time" + output());
        }
        if (actual.exitCode() == null || Arrays.stream(codes).noneMatch(c -> c == actual.exitCode())) {
            failWithMessage("%s", where() + " exited with " + actual.exitCode() + ", expected "
                    + (codes.length == 1 ? String.valueOf(codes[0]) : "one of " + Arrays.toString(codes)) + output());
        }
        return this;
    }

    /** AssertJ's string assertions on the standard output, described by the cell and the command. */
    public AbstractStringAssert<?> stdout() {
        isNotNull();
        return Assertions.assertThat(actual.stdout()).as(where() + " stdout");
    }

    /** The same on the standard error. */
    public AbstractStringAssert<?> stderr() {
        isNotNull();
        return Assertions.assertThat(actual.stderr()).as(where() + " stderr");
    }

    private String where() {
        return "[" + actual.cell() + "] `" + actual.command() + "`";
    }

    private String output() {
        return "\nstdout: " + shown(actual.stdout()) + "\nstderr: " + shown(actual.stderr());
    }

    private static String shown(String text) {
        String t = text.strip();
        return t.isEmpty() ? "(empty)" : t.length() > 2000 ? t.substring(0, 2000) + "..." : t;
    }
}
