package io.crosshost.triage;

import io.crosshost.container.ContainerSpec;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import io.crosshost.runtime.CellExecutor;
import io.crosshost.runtime.ContainerCellRunner;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContext;
import io.crosshost.scenario.Scenario;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reruns of one failing cell on its own host, each in a fresh container whose spec a variation changed, counted:
 * every triage says what it cost. A rerun is one attempt and no known failure: triage wants the
 * plain result under each change.
 */
final class Reruns {

    private final Cell cell;
    private final HostSession session;
    private final RunContext run;
    private int count;

    Reruns(Cell cell, HostSession session, RunContext run) {
        this.cell = new Cell(withoutRetries(cell.scenario()), cell.image(), cell.host());
        this.session = session;
        this.run = run;
    }

    Cell cell() {
        return cell;
    }

    /** The cell's spec as the run created it, before any change. */
    ContainerSpec spec() {
        return run.specOf(cell);
    }

    VariationResult run(Variation variation) throws InterruptedException {
        CellResult result = result(cell, variation.change(), null);
        String firstLine = result.message() == null ? "" : result.message().lines().findFirst().orElse("");
        Status status = result.status() == Status.FLAKY ? Status.PASS : result.status();
        return new VariationResult(variation.name(), variation.component(), status, firstLine);
    }

    /**
     * The cell's status with this change. Callers that ask "does it still fail?" compare with FAIL: a rerun that
     * could not run (ERROR) decides nothing.
     */
    Status statusWith(UnaryOperator<ContainerSpec> change) throws InterruptedException {
        return result(cell, change, null).status();
    }

    /** The cell's status on another image of its host, with {@code files} (a tar) copied in before the start. */
    Status statusOn(ImageSpec image, byte[] files) throws InterruptedException {
        return result(new Cell(cell.scenario(), image, cell.host()), UnaryOperator.identity(), files).status();
    }

    int count() {
        return count;
    }

    private CellResult result(Cell target, UnaryOperator<ContainerSpec> change, byte[] files) throws InterruptedException {
        try {
            ContainerCellRunner runner = new ContainerCellRunner(session.client(), run, change, files);
            return new CellExecutor(runner, session.target(), 0)
                    .execute(new PlannedCell(target, Optional.empty(), Optional.empty()), null);
        } finally {
            count++;
        }
    }

    private static Scenario withoutRetries(Scenario s) {
        return new Scenario(s.id(), s.title(), s.description(), s.tags(), s.bugs(), s.steps(), s.options(), 0, s.isolation(),
                List.of(), s.source());
    }
}
