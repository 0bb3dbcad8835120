package io.crosshost.report;

import io.crosshost.bench.SyntheticGrid;
import io.crosshost.result.CellResult;
import io.crosshost.result.RunInfo;
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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the report listener costs a finished cell while the run goes: the cell kept for the final reports and its
 * line appended to results.jsonl and flushed to the OS (the crash-safe journal). A new run directory every
 * iteration keeps the journal file from growing without end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JournalBenchmark {

    private static final int DISTINCT = 1000;

    private List<CellResult> cells;
    private Path root;
    private ReportListener listener;
    private RunInfo run;
    private int next;
    private int iteration;

    @Setup(Level.Trial)
    public void cells() throws IOException {
        cells = SyntheticGrid.run("journal", SyntheticGrid.T0, DISTINCT).cells();
        root = Files.createTempDirectory("crosshost-jmh-journal");
    }

    @Setup(Level.Iteration)
    public void newRun() {
        run = new RunInfo("run-" + iteration++, "synthetic", SyntheticGrid.T0, cells.stream().map(CellResult::cellId).toList(), null);
        listener = new ReportListener(root, null, 0, java.time.Clock.systemUTC());
        listener.runStarted(run);
    }

    @Benchmark
    public void cellFinished() {
        listener.cellFinished(cells.get(next++ % DISTINCT));
    }

    @TearDown(Level.Iteration)
    public void endRun() throws IOException {
        // Closes the journal (and writes the small reports of the 1,000 distinct cells, outside the measurement).
        listener.runFinished(run, false);
        delete(root.resolve(run.runId()));
    }

    @TearDown(Level.Trial)
    public void removeRoot() throws IOException {
        delete(root);
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
