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

    public static CellResult error(PlannedCell planned, String message, Instant startedAt, Duration duration, int attempts,
                                   String imageDigest, String reproducer) {
        Cell c = planned.cell();
        return new CellResult(c.id(), c.scenario().id(), c.image().name(), c.host().name(), Status.ERROR, message, List.of(),
                startedAt, duration, attempts, null, imageDigest, reproducer,
                planned.knownFailure().map(k -> k.reason()).orElse(null), planned.knownFailure().map(k -> k.bug()).orElse(null),
                List.copyOf(c.scenario().tags()));
    }
}
