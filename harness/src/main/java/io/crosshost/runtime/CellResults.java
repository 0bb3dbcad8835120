package io.crosshost.runtime;

import io.crosshost.matrix.Cell;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Results of cells that did not get as far as a container: skipped, not run, or an error. */
public final class CellResults {

    private CellResults() {
    }

    /** How a cell is named in messages: {@code scenario / image @ host}. */
    public static String label(Cell cell) {
        return cell.scenario().id() + " / " + cell.image().name() + " @ " + cell.host().name();
    }

    public static CellResult notRun(PlannedCell planned, Status status, String reason, String reproducer) {
        Cell c = planned.cell();
        return new CellResult(c.id(), c.scenario().id(), c.image().name(), c.host().name(), status, reason, List.of(),
                Instant.now(), Duration.ZERO, 0, null, null, reproducer,
                planned.knownFailure().map(k -> k.reason()).orElse(null), planned.knownFailure().map(k -> k.bug()).orElse(null),
                List.copyOf(c.scenario().tags()));
    }

    /**
     * A cell that got no container (its image could not be stored or started on the host): XFAIL, read "image not
     * usable on this host", when an image-unusable known failure covers the cell and the engine's words match it;
     * otherwise the ERROR that fails the run, whatever the known failures say.
     */
    public static CellResult couldNotRun(PlannedCell planned, String message, Instant startedAt, Duration duration, int attempts,
                                         String imageDigest, String reproducer) {
        CellResult error = error(planned, message, startedAt, duration, attempts, imageDigest, reproducer);
        var known = planned.knownFailure().filter(k -> k.explainsCouldNotRun(message));
        if (known.isEmpty()) {
            return error;
        }
        var k = known.get();
        return new CellResult(error.cellId(), error.scenario(), error.image(), error.host(), Status.XFAIL,
                CellResult.IMAGE_UNUSABLE + " (known failure: " + k.reason() + (k.bug() != null ? ", " + k.bug() : "") + "): " + message,
                List.of(), startedAt, duration, attempts, null, imageDigest, reproducer, k.reason(), k.bug(), error.tags());
    }

    public static CellResult error(PlannedCell planned, String message, Instant startedAt, Duration duration, int attempts,
                                   String imageDigest, String reproducer) {
        Cell c = planned.cell();
        return new CellResult(c.id(), c.scenario().id(), c.image().name(), c.host().name(), Status.ERROR, message, List.of(),
                startedAt, duration, attempts, null, imageDigest, reproducer,
                planned.knownFailure().map(k -> k.reason()).orElse(null), planned.knownFailure().map(k -> k.bug()).orElse(null),
                List.copyOf(c.scenario().tags()));
    }
}
