package io.crosshost.report;

import io.crosshost.result.RunTriage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes every report of a run into its directory: results.json, each image's SBOM (sbom/*.cdx.json), junit.xml,
 * summary.md and index.html. The listener
 * calls it when a run finishes; the command line calls it to re-render a run it loaded (merged shards, a journal
 * left by a crash).
 */
public final class Reports {

    public static final String JUNIT_XML = "junit.xml";
    public static final String SUMMARY_MD = "summary.md";
    public static final String INDEX_HTML = "index.html";

    private Reports() {
    }

    /**
     * Tries every file, even after one failed: results.json first, so that the data is safe whatever comes
     * after it. The IOException of a failure has one line per file that could not be written, naming the file and
     * the cause.
     *
     * @param baseline     the run to diff against, or null
     * @param historyRoot  the reports root whose earlier runs give each cell's history, or null for none
     * @param historyDepth how many earlier runs the page shows per cell
     */
    public static void writeAll(RunResults results, Path runDir, RunResults baseline, Path historyRoot,
                                int historyDepth) throws IOException {
        writeAll(results, runDir, baseline, historyRoot, historyDepth, "");
    }

    /**
     * Writes a finished run's reports again, with its triage: reads the run from {@code runDir} (its results.json, or
     * its journal when it never finished) and {@code triage/run-triage.json} when there is one, and rewrites
     * results.json, junit.xml, summary.md and index.html. Without a triage file the triage results.json already
     * carries is kept. History comes from the runs beside this one (its parent directory, the reports root). No
     * baseline diff: use {@link #rewrite(Path, Path)} for a run that had one.
     *
     * @throws IOException naming the file that could not be read, or one line per report that could not be written;
     *                     also when the triage file is another run's
     */
    public static void rewrite(Path runDir) throws IOException {
        rewrite(runDir, null);
    }

    /**
     * As {@link #rewrite(Path)}, diffing against {@code baselineResults} (a results.json or run directory, or null
     * for none), as {@code run --baseline} did when it wrote the reports the first time.
     */
    public static void rewrite(Path runDir, Path baselineResults) throws IOException {
        RunResults results = ResultsFile.read(runDir);
        Optional<RunTriage> triage = RunTriageFile.read(runDir);
        if (triage.isPresent()) {
            String triaged = triage.get().runId();
            // A triage copied in from another run would pin its verdicts on cells that never had them.
            if (triaged != null && !Objects.equals(triaged, results.run().runId())) {
                throw new IOException(RunTriageFile.of(runDir) + ": is the triage of run " + triaged + ", not of "
                        + results.run().runId() + "; run `crosshost triage --all " + runDir + "` again");
            }
            results = results.withTriage(triage.get());
        }
        RunResults baseline = baselineResults == null ? null : ResultsFile.read(baselineResults);
        Path root = runDir.toAbsolutePath().normalize().getParent();
        writeAll(results, runDir, baseline, root, ReportListener.DEFAULT_HISTORY_DEPTH);
    }

    /** As {@link #writeAll(RunResults, Path, RunResults, Path, int)}, with {@code remedy} ending each problem line. */
    static void writeAll(RunResults results, Path runDir, RunResults baseline, Path historyRoot, int historyDepth,
                         String remedy) throws IOException {
        WriteProblems problems = new WriteProblems();
        Path json = runDir.resolve(ResultsFile.RESULTS_JSON);
        problems.attempt("write", json, remedy, () -> ResultsFile.write(results, json));
        Path sboms = runDir.resolve(SbomFiles.DIR);
        problems.attempt("write", sboms, remedy, () -> SbomWriter.writeAll(results, runDir));
        Path junit = runDir.resolve(JUNIT_XML);
        problems.attempt("write", junit, remedy, () -> JunitXmlWriter.write(results, junit));
        RunDiff diff = baseline == null ? null : RunDiff.between(baseline, results);
        Path summary = runDir.resolve(SUMMARY_MD);
        problems.attempt("write", summary, remedy, () -> MarkdownSummaryWriter.write(results, diff, summary));
        Path html = runDir.resolve(INDEX_HTML);
        problems.attempt("write", html, remedy, () -> HtmlReportWriter.write(results, diff,
                History.load(historyRoot, results.run().runId(), results.run().startedAt(), historyDepth), html));
        problems.throwIfAny();
    }
}
