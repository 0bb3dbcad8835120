package io.crosshost.report;

import io.crosshost.bench.SyntheticGrid;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The reports at the end of a 10,000-cell run, each writer alone and all of them as the listener calls them
 * (issue 8's target: at most 10 s). One write per measurement: a single write is what a run pays, JIT-warm after
 * the warm-up writes. With 10 earlier runs of 10,000 cells under the reports root, as a nightly job has after ten
 * nights, the HTML's history reads their results.json files too.
 *
 * <p>A run writes its reports once per JVM, with the writers' code not yet compiled by the JIT: {@link #writeAllColdJvm}
 * measures that first write, in three fresh JVMs.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 5)
@Fork(1)
public class ReportWriteBenchmark {

    public static final int CELLS = 10_000;

    @State(Scope.Benchmark)
    public static class Run {
        RunResults results;
        Path dir;

        @Setup(Level.Trial)
        public void make() throws IOException {
            results = SyntheticGrid.run("tonight", SyntheticGrid.T0.plusSeconds(86_400 * 11), CELLS);
            dir = Files.createTempDirectory("crosshost-jmh-reports");
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException {
            JournalBenchmark.delete(dir);
        }
    }

    /** Ten earlier nights of the same grid, written once for the trial. */
    @State(Scope.Benchmark)
    public static class EarlierRuns {
        Path root;

        @Setup(Level.Trial)
        public void make() throws IOException {
            root = Files.createTempDirectory("crosshost-jmh-history");
            for (int night = 1; night <= 10; night++) {
                String id = "night-" + night;
                Path dir = Files.createDirectories(root.resolve(id));
                ResultsFile.write(SyntheticGrid.run(id, SyntheticGrid.T0.plusSeconds(86_400L * night), CELLS), dir.resolve(ResultsFile.RESULTS_JSON));
            }
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException {
            JournalBenchmark.delete(root);
        }
    }

    @Benchmark
    public void resultsJson(Run run) throws IOException {
        ResultsFile.write(run.results, run.dir.resolve(ResultsFile.RESULTS_JSON));
    }

    @Benchmark
    public void junitXml(Run run) throws IOException {
        JunitXmlWriter.write(run.results, run.dir.resolve(Reports.JUNIT_XML));
    }

    @Benchmark
    public void summaryMd(Run run) throws IOException {
        MarkdownSummaryWriter.write(run.results, null, run.dir.resolve(Reports.SUMMARY_MD));
    }

    @Benchmark
    public void indexHtml(Run run) throws IOException {
        HtmlReportWriter.write(run.results, null, History.EMPTY, run.dir.resolve(Reports.INDEX_HTML));
    }

    @Benchmark
    public void writeAllNoHistory(Run run) throws IOException {
        Reports.writeAll(run.results, run.dir, null, null, ReportListener.DEFAULT_HISTORY_DEPTH);
    }

    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(3)
    public void writeAllColdJvm(Run run) throws IOException {
        Reports.writeAll(run.results, run.dir, null, null, ReportListener.DEFAULT_HISTORY_DEPTH);
    }

    @Benchmark
    public void writeAllAfter10Nights(Run run, EarlierRuns earlier) throws IOException {
        Reports.writeAll(run.results, run.dir, null, earlier.root, ReportListener.DEFAULT_HISTORY_DEPTH);
    }
}
