package io.crosshost.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes every report of a run into its directory: results.json, junit.xml, summary.md and index.html. The listener
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

    /** As {@link #writeAll(RunResults, Path, RunResults, Path, int)}, with {@code remedy} ending each problem line. */
    static void writeAll(RunResults results, Path runDir, RunResults baseline, Path historyRoot, int historyDepth,
                         String remedy) throws IOException {
        WriteProblems problems = new WriteProblems();
        Path json = runDir.resolve(ResultsFile.RESULTS_JSON);
        problems.attempt("write", json, remedy, () -> ResultsFile.write(results, json));
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
