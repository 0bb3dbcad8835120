package io.crosshost.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.ResultListener;
import io.crosshost.result.RunInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a run's reports under {@code <root>/<runId>/} as the run goes: every fact and finished cell is appended
 * to {@code results.jsonl} at once (so a crash keeps them), and when the run finishes results.json, junit.xml,
 * summary.md and index.html are written, each atomically, and {@code <root>/latest} is pointed at the run.
 *
 * <p>Thread-safe: the harness calls it from its cell threads; every call takes the listener's lock, which costs
 * nothing next to a container run. An I/O failure is thrown as an {@link UncheckedIOException} whose message has
 * one line per file that failed ({@code could not write reports/x/index.html: No space left on device}); at the
 * end of a run every file is tried before that, so one failed report does not cost the others.
 */
public final class ReportListener implements ResultListener {

    public static final int DEFAULT_HISTORY_DEPTH = 10;
    public static final String LATEST = "latest";

    private final Path root;
    private final RunResults baseline;
    private final int historyDepth;
    private final Clock clock;

    private RunInfo run;
    private Path runDir;
    private Journal journal;
    /** False once an entry could not be appended: the journal is then no longer a record of the whole run. */
    private boolean journalComplete = true;
    private Duration writeTime;
    private final Map<String, HostFacts> hosts = new LinkedHashMap<>();
    private final Map<String, ImageFacts> images = new LinkedHashMap<>();
    private final Map<String, CellResult> cells = new LinkedHashMap<>();

    public ReportListener(Path reportsRoot) {
        this(reportsRoot, null);
    }

    /** @param baselineResults a results.json (or run directory) to diff against, or null */
    public ReportListener(Path reportsRoot, Path baselineResults) {
        this(reportsRoot, baselineResults, DEFAULT_HISTORY_DEPTH, Clock.systemUTC());
    }

    public ReportListener(Path reportsRoot, Path baselineResults, int historyDepth, Clock clock) {
        this.root = reportsRoot;
        this.historyDepth = historyDepth;
        this.clock = clock;
        // Read now, not at the end: a wrong baseline path should stop the run before it starts, not after hours.
        try {
            this.baseline = baselineResults == null ? null : ResultsFile.read(baselineResults);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot use " + baselineResults + " as the baseline: "
                    + e.getMessage() + "; give the results.json of an earlier run", e);
        }
    }

    /** The run's directory, once the run has started. */
    public synchronized Path runDirectory() {
        return runDir;
    }

    /**
     * How long the last {@link #runFinished} took, from the call to the {@code latest} link: sorting the cells and
     * writing results.json, junit.xml, summary.md and index.html. Empty before a run finished. It is the pause
     * between the last cell and the end of a run, which grows with the cell count (issue 8: at most 10 s for
     * 10,000 cells), so it is also printed on stderr.
     */
    public synchronized Optional<Duration> writeTime() {
        return Optional.ofNullable(writeTime);
    }

    @Override
    public synchronized void runStarted(RunInfo info) {
        String id = info.runId();
        if (id == null || id.isBlank() || id.equals(".") || id.equals("..") || id.equals(LATEST)
                || id.contains("/") || id.contains("\\") || id.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("run id '" + id + "' cannot name a directory under " + root
                    + "; use letters, digits, '-', '_' and '.'");
        }
        run = info;
        runDir = root.resolve(id);
        Path file = runDir.resolve(ResultsFile.JOURNAL);
        // Nothing can be recorded: the run must not start (the listener's caller fails it before any cell), rather
        // than run for hours and lose what it found.
        WriteProblems problems = new WriteProblems();
        problems.attempt("create", file, "; give a reports directory that can be written to", () -> {
            Files.createDirectories(runDir);
            journal = new Journal(file);
        });
        journalComplete = journal != null && problems.attempt("append to", file, "", () -> {
            journal.append("run", "run", ResultsJson.run(info, null, false));
            // Facts and cells that came before the run was announced are kept, not lost.
            for (HostFacts h : hosts.values()) {
                journal.append("host", "host", ResultsJson.host(h));
            }
            for (ImageFacts i : images.values()) {
                journal.append("image", "image", ResultsJson.imageWithInventory(i));
            }
            for (CellResult c : cells.values()) {
                journal.append("cell", "cell", ResultsJson.cell(c));
            }
        });
        throwIfAny(problems);
    }

    @Override
    public synchronized void hostFacts(HostFacts facts) {
        hosts.put(facts.host(), facts);
        journal("host", "host", () -> ResultsJson.host(facts));
    }

    @Override
    public synchronized void imageFacts(ImageFacts facts) {
        images.put(facts.image() + "@" + facts.host(), facts);
        journal("image", "image", () -> ResultsJson.imageWithInventory(facts));
    }

    @Override
    public synchronized void cellFinished(CellResult result) {
        cells.put(result.cellId(), result);
        journal("cell", "cell", () -> ResultsJson.cell(result));
    }

    @Override
    public synchronized void runFinished(RunInfo info, boolean interrupted) {
        long t0 = System.nanoTime();
        if (run == null) {
            runStarted(info);
        }
        Instant finishedAt = clock.instant();
        RunResults results = new RunResults(info, finishedAt, interrupted, new ArrayList<>(hosts.values()),
                new ArrayList<>(images.values()), inPlanOrder(info, cells.values()));
        WriteProblems problems = new WriteProblems();
        Path journalFile = runDir.resolve(ResultsFile.JOURNAL);
        if (journal != null) {
            ObjectNode entry = JsonNodeFactory.instance.objectNode();
            entry.put("type", "finished");
            entry.put("finishedAt", finishedAt.toString());
            entry.put("interrupted", interrupted);
            problems.attempt("append to", journalFile, "", () -> journal.write(entry));
            problems.attempt("close", journalFile, "", journal::close);
        }
        // The cells are in memory too, so results.json has them all even when the journal lost some; a report
        // that failed can be written again from either.
        String remedy = journalComplete && problems.isEmpty() ? "; every cell is in " + journalFile
                + ", and `crosshost merge " + runDir + " --reports " + root + "` writes the reports again" : "";
        try {
            Reports.writeAll(results, runDir, baseline, root, historyDepth, remedy);
        } catch (IOException e) {
            problems.add(e);
        }
        Path latest = root.resolve(LATEST);
        Path target = Path.of(runDir.getFileName().toString());
        problems.attemptTo("point " + latest + " at " + target, latest, "; move it away, and the next run points it",
                () -> AtomicFiles.pointLink(latest, target));
        throwIfAny(problems);
        writeTime = Duration.ofNanos(System.nanoTime() - t0);
        System.err.println("crosshost: reports of " + results.cells().size() + " cells written in " + writeTime.toMillis()
                + " ms: " + runDir);
    }

    private interface Node {
        ObjectNode get();
    }

    private void journal(String type, String field, Node node) {
        if (journal == null) {
            return; // before runStarted: written when the run starts
        }
        WriteProblems problems = new WriteProblems();
        if (!problems.attempt("append to", runDir.resolve(ResultsFile.JOURNAL), "",
                () -> journal.append(type, field, node.get()))) {
            journalComplete = false;
        }
        throwIfAny(problems);
    }

    private static void throwIfAny(WriteProblems problems) {
        IOException e = problems.thrown();
        if (e != null) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Cells finish in any order; the reports list them as the run planned them, so two runs of a matrix line up. */
    private static List<CellResult> inPlanOrder(RunInfo info, java.util.Collection<CellResult> finished) {
        Map<String, Integer> position = new java.util.HashMap<>();
        info.plannedCells().forEach(id -> position.putIfAbsent(id, position.size()));
        List<CellResult> ordered = new ArrayList<>(finished);
        ordered.sort(java.util.Comparator.comparing((CellResult c) -> position.getOrDefault(c.cellId(), Integer.MAX_VALUE))
                .thenComparing(CellResult::cellId));
        return ordered;
    }
}
