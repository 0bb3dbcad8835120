package io.crosshost.cli;

import io.crosshost.definitions.LoadedDefinitions;
import io.crosshost.report.Reports;
import io.crosshost.report.RunResults;
import io.crosshost.report.RunTriageFile;
import io.crosshost.result.CellResult;
import io.crosshost.result.RunTriage;
import io.crosshost.result.Status;
import io.crosshost.triage.Causes;
import io.crosshost.triage.TriageReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every FAIL, ERROR and XPASS of a run triaged in one session ({@code triage --all}, {@code run --triage}), XFAIL too
 * when asked: each cell's verdict with progress as it goes, then the causes the cells group into, written beside
 * the run's reports.
 */
final class TriageAll {

    private TriageAll() {
    }

    /** {@code baseline}: the results.json the run was diffed against, or null, so the rewritten reports keep the diff. */
    static RunTriage run(RunResults run, LoadedDefinitions loaded, Path runDir, boolean withXfail, Path baseline, PrintStream out)
            throws InterruptedException, IOException {
        long t0 = System.nanoTime();
        Set<Status> wanted = withXfail ? Set.of(Status.FAIL, Status.ERROR, Status.XPASS, Status.XFAIL)
                : Set.of(Status.FAIL, Status.ERROR, Status.XPASS);
        List<CellResult> cells = run.cells().stream().filter(c -> wanted.contains(c.status())).toList();
        List<RunTriage.CellVerdict> verdicts = new ArrayList<>();
        Map<String, String> causes = new HashMap<>();
        int reruns = 0;
        int probes = 0;
        try (RunTriager triager = new RunTriager(run, loaded)) {
            for (int i = 0; i < cells.size(); i++) {
                CellResult cell = cells.get(i);
                RunTriage.CellVerdict verdict;
                TriageReport report = null;
                // A cell whose image the host cannot store got no container: there is nothing to rerun.
                if ((cell.status() == Status.FAIL || cell.status() == Status.XFAIL) && !cell.imageUnusable()) {
                    report = triager.triage(cell);
                    TriageFiles.write(runDir, report, out);
                    verdict = Causes.verdictOf(report);
                    reruns += report.rerunCount();
                    probes += report.probeCount();
                } else {
                    verdict = Causes.withoutReruns(cell, run.hosts().stream()
                            .filter(h -> h.host().equals(cell.host())).findFirst().orElse(null));
                }
                verdicts.add(verdict);
                causes.put(cell.cellId(), Causes.causeOf(verdict, report));
                out.printf("[%d/%d] %s: %s%s (%d reruns, %.1f s)%n", i + 1, cells.size(), cell.cellId(), verdict.component(),
                        verdict.culprits().isEmpty() ? "" : ": " + String.join(", ", verdict.culprits()), verdict.reruns(), verdict.seconds());
            }
            RunTriage triage = new RunTriage(run.run().runId(), verdicts, Causes.group(verdicts, causes), reruns, probes,
                    (System.nanoTime() - t0) / 1e9);
            RunTriageFile.write(runDir, triage);
            // The run's reports again, now with each cell's verdict and the causes above the grid.
            Reports.rewrite(runDir, baseline);
            TriagePrinter.printCauses(out, triage, triager.memo().hits());
            return triage;
        }
    }
}
