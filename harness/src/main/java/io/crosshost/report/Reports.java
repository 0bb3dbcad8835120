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
     * @param baseline     the run to diff against, or null
     * @param historyRoot  the reports root whose earlier runs give each cell's history, or null for none
     * @param historyDepth how many earlier runs the page shows per cell
     */
    public static void writeAll(RunResults results, Path runDir, RunResults baseline, Path historyRoot,
                                int historyDepth) throws IOException {
        // results.json first: if a later writer fails, the data is already safe.
        ResultsFile.write(results, runDir.resolve(ResultsFile.RESULTS_JSON));
        JunitXmlWriter.write(results, runDir.resolve(JUNIT_XML));
        RunDiff diff = baseline == null ? null : RunDiff.between(baseline, results);
        MarkdownSummaryWriter.write(results, diff, runDir.resolve(SUMMARY_MD));
        History history = History.load(historyRoot, results.run().runId(), results.run().startedAt(), historyDepth);
        HtmlReportWriter.write(results, diff, history, runDir.resolve(INDEX_HTML));
    }
}
