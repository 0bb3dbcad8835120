package io.crosshost.cli;

import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import io.crosshost.definitions.LoadedDefinitions;
import io.crosshost.triage.TriageReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code crosshost triage CELL}: which component breaks a failing cell, from real reruns and the run's facts. */
@Command(name = "triage", mixinStandardHelpOptions = true,
        description = "Say which component breaks a failing cell, and pinpoint it: reruns it on its host as is and under controlled "
                + "variations (seccomp=unconfined, label=disable, cap_drop removed, --cap-add ALL, --userns=host, no-new-privileges, "
                + "--privileged, another user), compares its facts with the passing cells, then names the syscall (a probe of the "
                + "host's seccomp answers and delta debugging under profiles of its own), the capability (the hosts' effective sets, "
                + "each missing one added alone) or the package (hybrids of a passing image with the failing image's files), each "
                + "with what to do, marked confirmed by a rerun or a suggestion. Written into the run's folder under triage/.")
final class TriageCommand implements Callable<Integer> {

    @Mixin
    MatrixOptions options;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CELL", description = "the failing cell, as scenario/image@host")
    String cellId;

    @Option(names = "--all", description = "Triage every FAIL, ERROR and XPASS of the run and group them by cause.")
    boolean all;

    @Option(names = "--xfail", description = "With --all: XFAIL cells too (to explain the known failures).")
    boolean withXfail;

    @Option(names = "--results", paramLabel = "RUN", description = "the run's results.json or directory (default: reports/latest)")
    Path results;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (all == (cellId != null)) {
            throw new UserError(all ? "triage --all takes no CELL; give one or the other"
                    : "triage needs a CELL (scenario/image@host) or --all");
        }
        RunResults run = RunsOnDisk.read(results);
        Path runDir = TriageFiles.runDir(results);
        LoadedDefinitions loaded = options.load();
        if (all) {
            TriageAll.run(run, loaded, runDir, withXfail, null, System.out);
            return ExitCodes.OK;
        }
        CellResult failing = run.cells().stream().filter(c -> c.cellId().equals(cellId)).findFirst()
                .orElseThrow(() -> new UserError("no cell " + cellId + " in run " + run.run().runId()
                        + "; cell ids look like " + run.cells().stream().findFirst().map(CellResult::cellId).orElse("scenario/image@host")));
        if (failing.status() != Status.FAIL && failing.status() != Status.XFAIL) {
            throw new UserError("cell " + cellId + " is " + failing.status() + "; triage explains FAIL and XFAIL cells");
        }
        if (failing.imageUnusable()) {
            // No container was ever made, so there is nothing to rerun: the host's facts and the engine's words explain it.
            var verdict = io.crosshost.triage.Causes.withoutReruns(failing, run.hosts().stream()
                    .filter(h -> h.host().equals(failing.host())).findFirst().orElse(null));
            System.out.println("verdict: " + verdict.component() + ": " + verdict.summary());
            verdict.actions().forEach(a -> System.out.println("  to do: " + a.text()));
            return ExitCodes.OK;
        }
        System.out.println("triage " + cellId + " (" + failing.status() + " in run " + run.run().runId() + "), rerunning on "
                + failing.host() + "...");
        TriageReport report;
        try (RunTriager triager = new RunTriager(run, loaded)) {
            report = triager.triage(failing);
        }
        TriagePrinter.print(System.out, report);
        System.out.println("written: " + TriageFiles.write(runDir, report, System.out));
        return ExitCodes.OK;
    }
}
