package io.crosshost.cli;

import io.crosshost.report.DiffWriter;
import io.crosshost.report.RunDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code crosshost diff A B}: regressions, fixes, new and removed cells, and what changed under each. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two runs: regressions (PASS -> FAIL/ERROR), fixes, new and removed cells, and for each changed cell "
                + "what changed between the runs (image digest and C library, host engine, kernel, runtime). Exit 1 when there is a regression.")
final class DiffCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BASELINE", description = "the earlier run: results.json or run directory")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "the later run: results.json or run directory")
    Path current;

    @Override
    public Integer call() {
        RunDiff diff = RunDiff.between(RunsOnDisk.read(baseline), RunsOnDisk.read(current));
        System.out.print(DiffWriter.render(diff));
        return diff.regressions().isEmpty() ? ExitCodes.OK : ExitCodes.UNEXPECTED;
    }
}
