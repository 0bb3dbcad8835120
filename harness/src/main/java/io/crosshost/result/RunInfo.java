package io.crosshost.result;

import java.time.Instant;
import java.util.List;

/** A run as it starts: its id, matrix and the cell ids it plans, so listeners can show progress. */
public record RunInfo(String runId, String matrix, Instant startedAt, List<String> plannedCells, String shard) {

    public RunInfo {
        plannedCells = List.copyOf(plannedCells);
    }
}
