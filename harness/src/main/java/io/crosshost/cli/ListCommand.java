package io.crosshost.cli;

import io.crosshost.matrix.CellPlanner;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.definitions.LoadedDefinitions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code crosshost list}: the cells a run would have, without contacting any host. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the cells a run would have (scenario/image@host), with skips and known failures; runs nothing.")
final class ListCommand implements Callable<Integer> {

    @Mixin
    MatrixOptions options;

    @Override
    public Integer call() {
        LoadedDefinitions loaded = options.load();
        List<PlannedCell> cells = CellPlanner.plan(loaded.matrix(), loaded.scenarios(), options.filter());
        for (PlannedCell cell : cells) {
            String note = cell.skipReason().map(r -> "  SKIP: " + r)
                    .or(() -> cell.knownFailure().map(k -> "  known failure: " + k.reason()))
                    .orElse("");
            System.out.println(cell.id() + note);
        }
        System.out.println(cells.size() + " cells");
        return ExitCodes.OK;
    }
}
