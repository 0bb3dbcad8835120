package io.crosshost.report;

import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.ResultListener;
import io.crosshost.result.RunInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One run's reports written by several parts of one JUnit Platform launch: the Crosshost engine's YAML cells and the
 * Jupiter extension's Java cells, which the Platform runs one engine after the other, in an order nobody promises.
 * Every part is a {@link ResultListener} ({@link #part}); the run has the first part's id, so all containers carry one
 * run label and all cells go into one {@code reports/<run id>/}.
 *
 * <p>Whenever the last part still going finishes, the reports are written with every cell so far; a part that starts
 * after that (the engine that runs second) goes on in the same run directory, and its end writes them again with
 * everything: the report of a launch is whole once its last part ended, whichever that was. Each stretch of the run
 * is one {@link ReportListener}, given every fact and cell heard before it starts, so its journal holds the whole run
 * too. The callers keep one instance per reports directory in the launch's store (the execution request's), which
 * the engine and the Jupiter extension both see.
 */
public final class SharedRun {

    private final Path root;
    private final Path baseline;
    private String runId;
    private RunInfo first;
    private final Set<String> planned = new LinkedHashSet<>();
    private final Map<String, HostFacts> hosts = new LinkedHashMap<>();
    private final Map<String, ImageFacts> images = new LinkedHashMap<>();
    private final Map<String, CellResult> cells = new LinkedHashMap<>();
    private ReportListener stretch;
    /** The first stretch's listener, made at once: a baseline that cannot be read stops the caller before any cell. */
    private ReportListener firstStretch;
    private int going;
    private boolean interrupted;

    /**
     * @param baseline a results.json to diff against, or null
     * @throws IllegalArgumentException when the baseline cannot be read, as {@link ReportListener}'s constructor does
     */
    public SharedRun(Path root, Path baseline) {
        this.root = root;
        this.baseline = baseline;
        this.firstStretch = new ReportListener(root, baseline);
    }

    /** The key of a reports directory in a launch's store: one run per directory, however it is spelled. */
    public static String key(Path reportsRoot) {
        return "shared-run:" + reportsRoot.toAbsolutePath().normalize();
    }

    /** The run's id: the first caller's {@code fresh} one, which every later part uses too. */
    public synchronized String runId(Supplier<String> fresh) {
        if (runId == null) {
            runId = fresh.get();
        }
        return runId;
    }

    /** A part's listener: its run start and end are the part's, its facts and cells the run's. */
    public ResultListener part() {
        return new ResultListener() {
            @Override
            public void runStarted(RunInfo run) {
                started(run);
            }

            @Override
            public void hostFacts(HostFacts facts) {
                SharedRun.this.hostFacts(facts);
            }

            @Override
            public void imageFacts(ImageFacts facts) {
                SharedRun.this.imageFacts(facts);
            }

            @Override
            public void cellFinished(CellResult result) {
                SharedRun.this.cellFinished(result);
            }

            @Override
            public void runFinished(RunInfo run, boolean stopped) {
                finished(stopped);
            }
        };
    }

    /** More cells that a part that started already plans (a Java test class after the first). */
    public synchronized void plan(java.util.List<String> cellIds) {
        planned.addAll(cellIds);
    }

    private synchronized void started(RunInfo run) {
        if (first == null) {
            first = run;
        }
        planned.addAll(run.plannedCells());
        going++;
        if (stretch == null) {
            ReportListener next = firstStretch != null ? firstStretch : new ReportListener(root, baseline);
            firstStretch = null;
            hosts.values().forEach(next::hostFacts);
            images.values().forEach(next::imageFacts);
            cells.values().forEach(next::cellFinished);
            next.runStarted(whole());
            stretch = next;
        }
    }

    private synchronized void hostFacts(HostFacts facts) {
        hosts.put(facts.host(), facts);
        if (stretch != null) {
            stretch.hostFacts(facts);
        }
    }

    private synchronized void imageFacts(ImageFacts facts) {
        images.put(facts.image() + "@" + facts.host(), facts);
        if (stretch != null) {
            stretch.imageFacts(facts);
        }
    }

    private synchronized void cellFinished(CellResult result) {
        cells.put(result.cellId(), result);
        if (stretch != null) {
            stretch.cellFinished(result);
        }
    }

    private synchronized void finished(boolean stopped) {
        interrupted |= stopped;
        going = Math.max(0, going - 1);
        if (going == 0 && stretch != null) {
            ReportListener ending = stretch;
            stretch = null;
            ending.runFinished(whole(), interrupted);
        }
    }

    /** The run as its reports tell it: the first part's name, start and shard, every part's planned cells. */
    private RunInfo whole() {
        return new RunInfo(runId != null ? runId : first.runId(), first.matrix(), first.startedAt(),
                new ArrayList<>(planned), first.shard());
    }
}
