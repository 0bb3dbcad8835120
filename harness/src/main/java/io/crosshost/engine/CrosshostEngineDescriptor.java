package io.crosshost.engine;

import io.crosshost.engine.descriptor.CellDescriptor;
import io.crosshost.matrix.Matrix;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.host.HostSessions;
import io.crosshost.report.SharedRun;
import io.crosshost.result.ResultListener;
import io.crosshost.result.ResultListeners;
import io.crosshost.result.RunInfo;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.MatrixRunner;
import io.crosshost.runtime.RunContext;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The root of the tree. Before its children report, it hands every cell left in the tree (after any
 * post-discovery filters, e.g. Surefire's groups) to one {@link MatrixRunner}, which runs them across all
 * hosts at once; after them, it waits for the run and closes the hosts.
 */
public final class CrosshostEngineDescriptor extends EngineDescriptor implements Node<CrosshostExecutionContext> {

    private final Matrix matrix;
    private final String shard;
    private final CrosshostConfiguration config;
    private HostSession.Opener opener;
    private List<ResultListener> sessionListeners = List.of();
    private Function<Path, SharedRun> sharedRuns;
    private final AtomicBoolean finished = new AtomicBoolean();
    private MatrixRunner runner;
    private RunInfo run;
    private ResultListener listener;
    private Thread shutdownHook;

    CrosshostEngineDescriptor(UniqueId id, Matrix matrix, String shard, CrosshostConfiguration config) {
        super(id, "Crosshost");
        this.matrix = matrix;
        this.shard = shard;
        this.config = config;
    }

    /** The descriptor of an engine that was not asked for anything (no matrix, no scenario selector). */
    static CrosshostEngineDescriptor empty(UniqueId id) {
        return new CrosshostEngineDescriptor(id, null, null, null);
    }

    /**
     * What the launcher session brings: listeners for results as they come, optionally other hosts, and the launch's
     * run of each reports directory, which Java cells of the same launch write into too ({@link SharedRun}).
     */
    void useSession(List<ResultListener> listeners, HostSession.Opener sessionOpener, Function<Path, SharedRun> sharedRuns) {
        this.sessionListeners = List.copyOf(listeners);
        this.opener = sessionOpener != null ? sessionOpener : host -> HostSessions.open(host, config.hostSettings());
        this.sharedRuns = sharedRuns;
    }

    /** The results.json the reports diff against, or null. */
    Path baseline() {
        return config == null ? null : config.baseline().orElse(null);
    }

    private ResultListener listenerFor(SharedRun shared) {
        List<ResultListener> all = new ArrayList<>();
        if (shared != null) {
            all.add(shared.part());
        }
        all.addAll(sessionListeners);
        return ResultListeners.of(all);
    }

    @Override
    public CrosshostExecutionContext before(CrosshostExecutionContext context) {
        List<PlannedCell> cells = cells();
        if (matrix == null || cells.isEmpty()) {
            return context;
        }
        SharedRun shared = config.reportsDir().map(dir -> sharedRuns.apply(dir)).orElse(null);
        RunContext fresh = RunContext.start(matrix.defaults());
        RunContext runContext = shared == null ? fresh : fresh.withRunId(shared.runId(fresh::runId));
        run = new RunInfo(runContext.runId(), matrix.name(), Instant.now(), cells.stream().map(PlannedCell::id).toList(), shard);
        listener = listenerFor(shared);
        listener.runStarted(run);
        runner = new MatrixRunner(runContext, cells, opener, listener, config.pipeline());
        Thread stopOnExit = new Thread(this::stopOnShutdown, "crosshost-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        runner.start();
        this.shutdownHook = stopOnExit;
        return context.withRunner(runner);
    }

    /** SIGINT/SIGTERM: stop the cells (their containers are removed) and still finish the reports. */
    private void stopOnShutdown() {
        runner.stop();
        runner.awaitAll();
        runner.close();
        finish(true);
    }

    private void finish(boolean interrupted) {
        if (finished.compareAndSet(false, true)) {
            listener.runFinished(run, interrupted);
        }
    }

    @Override
    public void after(CrosshostExecutionContext context) {
        if (runner == null) {
            return;
        }
        runner.awaitAll();
        runner.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook finishes the run
        }
        finish(false);
    }

    private List<PlannedCell> cells() {
        List<PlannedCell> cells = new ArrayList<>();
        accept(d -> {
            if (d instanceof CellDescriptor cell) {
                cells.add(cell.cell());
            }
        });
        return cells;
    }
}
