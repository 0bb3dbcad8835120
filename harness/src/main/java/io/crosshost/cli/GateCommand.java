package io.crosshost.cli;

import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code crosshost gate}: the sign-off decision on a finished run. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "Sign-off gate: exit 1 when the run has an unexpected result (FAIL, ERROR, XPASS), else 0. "
                + "XFAIL cells with their bug links, SKIP and FLAKY do not block.")
final class GateCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "results.json or run directory (default: reports/latest)")
    Path run;

    @Override
    public Integer call() {
        RunResults results = RunsOnDisk.read(run);
        List<CellResult> unexpected = results.unexpected();
        System.out.println("run " + results.run().runId() + ": " + results.cells().size() + " cells, " + results.counts());
        if (unexpected.isEmpty()) {
            System.out.println("gate: pass (no unexpected result)");
            return ExitCodes.OK;
        }
        System.out.println("gate: FAIL, " + unexpected.size() + " unexpected:");
        for (CellResult c : unexpected) {
            String first = c.message() == null ? "" : c.message().lines().findFirst().orElse("");
            System.out.printf("  %-5s %s  %s%n", c.status(), c.cellId(), first);
        }
        return ExitCodes.UNEXPECTED;
    }
}
