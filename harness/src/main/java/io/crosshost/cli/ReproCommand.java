package io.crosshost.cli;

import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code crosshost repro CELL}: the one-line command that re-runs a cell by hand. */
@Command(name = "repro", mixinStandardHelpOptions = true,
        description = "Print the reproducer of one cell (scenario/image@host) of a run; with --run, run it here and show its output.")
final class ReproCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CELL", description = "the cell id, as scenario/image@host")
    String cell;

    @Option(names = "--results", paramLabel = "RUN", description = "results.json or run directory (default: reports/latest)")
    Path results;

    @Option(names = "--run", description = "Run the reproducer with sh and exit with its exit code.")
    boolean run;

    @Override
    public Integer call() throws IOException, InterruptedException {
        RunResults runResults = RunsOnDisk.read(results);
        CellResult found = runResults.cells().stream().filter(c -> c.cellId().equals(cell)).findFirst()
                .orElseThrow(() -> new UserError("no cell " + cell + " in run " + runResults.run().runId()
                        + "; cell ids look like " + runResults.cells().stream().findFirst().map(CellResult::cellId).orElse("scenario/image@host")));
        if (found.reproducer() == null) {
            throw new UserError("cell " + cell + " has no reproducer (" + found.status() + ": " + found.message() + ")");
        }
        System.out.println(found.reproducer());
        if (!run) {
            return ExitCodes.OK;
        }
        Process process = new ProcessBuilder("sh", "-c", found.reproducer()).inheritIO().start();
        return process.waitFor();
    }
}
