package io.crosshost.jupiter;

import io.crosshost.matrix.Cell;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import io.crosshost.result.StepResult;
import io.crosshost.runtime.CellResults;
import io.crosshost.scenario.KnownFailure;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How a Java cell ended, in the statuses a YAML cell gets from {@code runtime.CellExecutor}: an assertion that failed
 * is a FAIL, any other throwable an ERROR, an aborted test (an assumption) a SKIP; a known failure turns a FAIL into
 * an XFAIL and a pass into an XPASS, with the same messages. {@code thrown} is what the invocation must throw for
 * JUnit to see the same: nothing for PASS and XFAIL, the test's own throwable for FAIL, ERROR and SKIP, an
 * {@link AssertionFailedError} for XPASS.
 */
record CellOutcome(CellResult result, Throwable thrown) {

    static CellOutcome of(PlannedCell planned, Throwable failure, List<StepResult> steps, Instant startedAt, Duration took,
                          String containerId, String imageDigest, String reproducer) {
        Cell cell = planned.cell();
        String label = CellResults.label(cell);
        Status status;
        String message;
        Throwable thrown = failure;
        if (failure == null) {
            status = Status.PASS;
            message = "";
        } else if (failure instanceof TestAbortedException) {
            status = Status.SKIP;
            message = failure.getMessage();
        } else {
            status = failure instanceof AssertionError ? Status.FAIL : Status.ERROR;
            String text = failure.getMessage() != null ? failure.getMessage() : failure.toString();
            message = text.contains(label) ? text : "[" + label + "] " + text;
        }
        Optional<KnownFailure> known = planned.knownFailure();
        if (known.isPresent() && (status == Status.PASS || status == Status.FAIL)) {
            KnownFailure k = known.get();
            if (status == Status.FAIL) {
                status = Status.XFAIL;
                message = "known failure: " + k.reason() + (k.bug() != null ? " (" + k.bug() + ")" : "") + "\n\n" + message;
                thrown = null;
            } else {
                status = Status.XPASS;
                message = "expected to fail (" + k.reason() + (k.bug() != null ? ", " + k.bug() : "")
                        + ") but passed: the bug may be fixed here; remove the known failure when it is";
                thrown = new AssertionFailedError("XPASS " + label + "\n" + message);
            }
        }
        CellResult result = new CellResult(cell.id(), cell.scenario().id(), cell.image().name(), cell.host().name(), status,
                message, steps, startedAt, took, 1, containerId, imageDigest, reproducer,
                known.map(KnownFailure::reason).orElse(null), known.map(KnownFailure::bug).orElse(null),
                List.copyOf(cell.scenario().tags()));
        return new CellOutcome(result, thrown);
    }
}
