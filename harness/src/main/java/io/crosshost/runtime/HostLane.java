package io.crosshost.runtime;

import io.crosshost.matrix.ImageSpec;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.PullProgress;
import io.crosshost.result.Status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One host's share of a run, once its session is open: its cells in plan order in the host's pool, each image
 * prepared once by the first cell that needs it, containers created ahead of their cells and removed behind them,
 * a watch that tells a host that stopped answering from one request that went wrong, and what the run's end removes.
 */
final class HostLane {

    /** What the lane needs of the run it belongs to. */
    interface Owner {
        boolean stopping();

        void finish(CellResult result);

        void started(String cellId);

        void ended(String cellId);
    }

    private final RunContext run;
    private final HostSession session;
    private final ExecutorService pool;
    private final boolean pipeline;
    private final Owner owner;
    private final Consumer<ImageFacts> imageFactsHeard;
    private final Consumer<PullProgress> pullsHeard;
    private final SharedContainers shared;
    private final ContainerRemover remover;
    private final ContainersAhead ahead;
    private final ContainerCellRunner runner;
    private final HostWatch watch;
    private final CellExecutor executor;
    private final Map<String, CompletableFuture<PreparedImage>> images = new ConcurrentHashMap<>();

    HostLane(String hostName, HostSession session, ExecutorService pool, RunContext run, boolean pipeline, Owner owner,
             Consumer<ImageFacts> imageFactsHeard, Consumer<PullProgress> pullsHeard) {
        this.run = run;
        this.session = session;
        this.pool = pool;
        this.pipeline = pipeline;
        this.owner = owner;
        this.imageFactsHeard = imageFactsHeard;
        this.pullsHeard = pullsHeard;
        this.shared = new SharedContainers(session.client());
        this.remover = new ContainerRemover(session.client(), hostName, pipeline);
        this.ahead = new ContainersAhead(hostName, remover::remove);
        // Whole creates: a stop's interrupt must not cut a create the engine goes on with (see WholeCreates).
        this.runner = new ContainerCellRunner(WholeCreates.client(session), run, shared, remover, ahead);
        this.watch = new HostWatch(hostName, session::notAnswering, owner::stopping);
        this.executor = new CellExecutor(runner, session.target(), run.defaults().retries(), watch);
    }

    /** Queues the host's cells in its pool, in plan order. */
    void schedule(List<PlannedCell> cells) {
        for (int i = 0; i < cells.size(); i++) {
            PlannedCell cell = cells.get(i);
            PlannedCell next = i + 1 < cells.size() ? cells.get(i + 1) : null;
            ImageSpec image = cell.cell().image();
            // Each image is prepared once per host, by the first cell that needs it, inside the host's pool; its
            // facts and configuration come from that one inspection, and go to every cell of the image.
            CompletableFuture<PreparedImage> prepared = images.computeIfAbsent(image.name(), name ->
                    CompletableFuture.supplyAsync(() -> {
                        PreparedImage p = session.prepare(image, run, pullsHeard);
                        imageFactsHeard.accept(p.facts());
                        return p;
                    }, pool));
            try {
                pool.execute(() -> runCell(cell, next, prepared));
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                owner.finish(CellResults.notRun(cell, Status.SKIP, MatrixRunner.NOT_RUN_STOPPED, null));
            }
        }
    }

    private void runCell(PlannedCell cell, PlannedCell next, CompletableFuture<PreparedImage> prepared) {
        owner.started(cell.id());
        try {
            if (owner.stopping()) {
                owner.finish(CellResults.notRun(cell, Status.SKIP, MatrixRunner.NOT_RUN_STOPPED, null));
                return;
            }
            // A host that stopped answering fails its queued cells at once, each with the same message.
            if (failedFast(cell)) {
                return;
            }
            PreparedImage image = prepared.join();
            if (failedFast(cell)) {
                return;
            }
            String imageError = image.facts().error();
            if (imageError != null && cell.skipReason().isEmpty()) {
                // A stop interrupts the image's preparation too: that is no error of the image's, nor of the host's.
                String why = watch.afterFailure(java.time.Instant.now(), imageError).orElse(imageError);
                finishCutShort(cell, CellResults.couldNotRun(cell, why, java.time.Instant.now(), java.time.Duration.ZERO, 0, null, null));
                return;
            }
            prepareAhead(next);
            finishCutShort(cell, executor.execute(cell, image));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            owner.finish(CellResults.notRun(cell, Status.SKIP, MatrixRunner.NOT_RUN_INTERRUPTED, null));
        } catch (RuntimeException e) {
            if (owner.stopping()) {
                // stop() interrupts workers mid-call; the transport then fails with ClosedByInterruptException.
                owner.finish(CellResults.notRun(cell, Status.SKIP, MatrixRunner.NOT_RUN_INTERRUPTED, null));
                return;
            }
            owner.finish(CellResults.error(cell, "harness error: " + e, java.time.Instant.now(), java.time.Duration.ZERO, 0, null, null));
        } finally {
            ahead.discard(cell.cell());
            owner.ended(cell.id());
        }
    }

    /**
     * Creates the container of the cell that takes a slot of this host next (the pool runs cells in plan order)
     * while this one runs: its slot then goes straight to the start. Not for shared-isolation cells (they exec
     * in a kept container), nor before the image is ready, nor once the run stops or the host stopped answering.
     */
    private void prepareAhead(PlannedCell next) {
        if (!pipeline || next == null || next.cell().scenario().isolation() == io.crosshost.scenario.Isolation.SHARED) {
            return;
        }
        CompletableFuture<PreparedImage> prepared = images.get(next.cell().image().name());
        if (prepared == null) {
            return;
        }
        ahead.prepareSoon(next.cell(), () -> {
            PreparedImage image = imageUnlessStopped(prepared);
            if (image == null || image.facts().error() != null || owner.stopping() || watch.dead().isPresent()) {
                return null;
            }
            return runner.prepare(next.cell());
        });
    }

    /**
     * The image once prepared; null once the run stops first. Never a plain join: a stop drops the image's
     * preparation from the host's pool when it has not started, its facts never come, and the host's creator ahead
     * (which the run's close waits for) waited for them for as long as the close let it: SIGINT's run took 33 s to end.
     */
    private PreparedImage imageUnlessStopped(CompletableFuture<PreparedImage> prepared) throws InterruptedException {
        while (!owner.stopping()) {
            try {
                return prepared.get(100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException notYet) {
                // asked again, unless the run stops meanwhile
            } catch (java.util.concurrent.ExecutionException e) {
                return null;
            }
        }
        return null;
    }

    /** A cell's result; an error while the run stops is the stop's doing (it interrupted the cell mid-call), not the host's. */
    private void finishCutShort(PlannedCell cell, CellResult result) {
        if (owner.stopping() && result.status() == Status.ERROR) {
            owner.finish(CellResults.notRun(cell, Status.SKIP, MatrixRunner.NOT_RUN_INTERRUPTED, null));
            return;
        }
        owner.finish(result);
    }

    private boolean failedFast(PlannedCell cell) {
        var dead = watch.dead();
        dead.ifPresent(why -> owner.finish(CellResults.error(cell, why, java.time.Instant.now(), java.time.Duration.ZERO, 0, null,
                Reproducer.of(cell.cell(), run, session.target()))));
        return dead.isPresent();
    }

    /** Waits until every removal asked for so far is done, at most {@code max}. */
    void drainRemovals(Duration max) {
        remover.drain(max);
    }

    /** Stops creating ahead, waiting for a creation in flight and removing what no cell took. */
    void closeAhead(Duration max) {
        ahead.close(max);
    }

    void closeShared() {
        shared.close();
    }

    /**
     * Whatever of this run is still on a host (a container whose create was cut short by a stop, say) goes too:
     * a finished or stopped run leaves nothing behind.
     */
    void removeLeftovers() {
        if (watch.dead().isPresent()) {
            // A host that stopped answering would only make each request wait for its deadline.
            return;
        }
        RunContainers.removeAll(session.client(), run.runId());
    }
}
