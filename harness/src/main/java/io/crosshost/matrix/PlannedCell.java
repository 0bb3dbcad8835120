package io.crosshost.matrix;

import io.crosshost.scenario.KnownFailure;

import java.util.Optional;

/** A cell as the plan has it: run it, or skip it for the matrix's reason; and its known failure, if any. */
public record PlannedCell(Cell cell, Optional<String> skipReason, Optional<KnownFailure> knownFailure) {

    public String id() {
        return cell.id();
    }
}
