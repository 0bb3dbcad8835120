package io.crosshost.result;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultListenersTest {

    private static final RunInfo RUN = new RunInfo("r1", "m", Instant.EPOCH, List.of("s/i@h"), null);
    private static final CellResult CELL = new CellResult("s/i@h", "s", "i", "h", Status.PASS, null, List.of(),
            Instant.EPOCH, Duration.ZERO, 1, null, null, null, null, null);

    /** Hears everything, to prove that the others are still called when one listener throws. */
    private static final class Recorder implements ResultListener {
        final List<String> heard = new ArrayList<>();

        @Override
        public void runStarted(RunInfo run) {
            heard.add("started");
        }

        @Override
        public void cellFinished(CellResult result) {
            heard.add(result.cellId());
        }

        @Override
        public void runFinished(RunInfo run, boolean interrupted) {
            heard.add("finished");
        }
    }

    private static UncheckedIOException io(String message) {
        return new UncheckedIOException(message, new IOException(message));
    }

    @Test
    void aFailedReportFailsTheEndOfTheRunAfterEveryListenerWasCalled() {
        Recorder before = new Recorder();
        Recorder after = new Recorder();
        ResultListener failing = new ResultListener() {
            @Override
            public void cellFinished(CellResult result) {
                throw io("could not append to r/results.jsonl: No space left on device");
            }

            @Override
            public void runFinished(RunInfo run, boolean interrupted) {
                throw io("could not write r/index.html: No space left on device\n"
                        + "could not write r/summary.md: No space left on device");
            }
        };
        ResultListener all = ResultListeners.of(List.of(before, failing, after));

        all.runStarted(RUN);
        all.cellFinished(CELL);
        all.cellFinished(CELL); // the same failure twice is said once
        assertThatThrownBy(() -> all.runFinished(RUN, false))
                .isInstanceOf(ResultListeners.ResultsNotRecorded.class)
                .hasMessage("could not append to r/results.jsonl: No space left on device\n"
                        + "could not write r/index.html: No space left on device\n"
                        + "could not write r/summary.md: No space left on device")
                .hasCauseInstanceOf(UncheckedIOException.class);

        assertThat(before.heard).containsExactly("started", "s/i@h", "s/i@h", "finished");
        assertThat(after.heard).isEqualTo(before.heard);
    }

    @Test
    void oneListenerIsWrappedTooSoThatItsFailuresWaitForTheEndOfTheRun() {
        ResultListener failing = new ResultListener() {
            @Override
            public void cellFinished(CellResult result) {
                throw new IllegalStateException("a bug");
            }
        };
        ResultListener one = ResultListeners.of(List.of(failing));

        one.cellFinished(CELL); // a cell's thread is not the place to fail
        assertThatThrownBy(() -> one.runFinished(RUN, false))
                .hasMessage("a result listener failed: java.lang.IllegalStateException: a bug");
    }

    @Test
    void aRunWhoseRecordCannotStartFailsAtItsStart() {
        Recorder other = new Recorder();
        ResultListener failing = new ResultListener() {
            @Override
            public void runStarted(RunInfo run) {
                throw io("could not create r/results.jsonl: Not a directory");
            }
        };

        assertThatThrownBy(() -> ResultListeners.of(List.of(failing, other)).runStarted(RUN))
                .hasMessage("could not create r/results.jsonl: Not a directory");
        assertThat(other.heard).containsExactly("started");
    }

    @Test
    void anInterruptedRunSaysItsProblemsForNobodyCatchesThemInAShutdownHook() {
        ResultListener failing = new ResultListener() {
            @Override
            public void runFinished(RunInfo run, boolean interrupted) {
                throw io("could not write r/index.html: No space left on device");
            }
        };
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            ResultListeners.of(List.of(failing)).runFinished(RUN, true);
        } finally {
            System.setErr(err);
        }
        assertThat(said.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("crosshost: could not write r/index.html: No space left on device" + System.lineSeparator());
    }
}
