package io.crosshost.runtime;

import io.crosshost.matrix.Cell;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The containers one host creates ahead of their cells: while a cell runs, the container of the cell that will
 * take its slot next is created and attached to, so that the slot goes straight to starting it. The cell takes
 * its container when its turn comes ({@link #take}); a cell that never takes it (it failed first, or the run was
 * stopped) has it removed, by {@link #discard} or, for the cells a stop left unstarted, by {@link #close}.
 */
final class ContainersAhead implements AutoCloseable {

    /** What a cell's entry becomes once the cell has taken its container, or once it started without one. */
    private static final CompletableFuture<ContainerCellRunner.Prepared> TAKEN = CompletableFuture.completedFuture(null);

    private final ExecutorService worker;
    private final Consumer<String> remove;
    private final Map<String, CompletableFuture<ContainerCellRunner.Prepared>> byCell = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /** {@code remove}: removes a container that no cell will take (the host's {@link ContainerRemover}). */
    ContainersAhead(String hostName, Consumer<String> remove) {
        // One thread per host: creations stay in plan order, and at most about one container per slot waits.
        this.worker = Executors.newSingleThreadExecutor(DaemonThreads.named("crosshost-ahead-" + hostName));
        this.remove = remove;
    }

    /** Starts preparing the cell's container in the background, unless the cell has already started. */
    void prepareSoon(Cell cell, Callable<ContainerCellRunner.Prepared> prepare) {
        byCell.computeIfAbsent(cell.id(), id -> {
            CompletableFuture<ContainerCellRunner.Prepared> prepared = new CompletableFuture<>();
            try {
                worker.execute(() -> {
                    try {
                        prepared.complete(closing ? null : prepare.call());
                    } catch (Throwable t) {
                        prepared.completeExceptionally(t);
                    }
                });
            } catch (RejectedExecutionException closed) {
                prepared.complete(null);
            }
            return prepared;
        });
    }

    /**
     * The cell's container if one was prepared ahead, waiting for it while it is being prepared; null when there is
     * none (the cell then prepares its own). A failed preparation fails the cell as an inline one would have.
     */
    ContainerCellRunner.Prepared take(Cell cell) throws CellCouldNotRun, InterruptedException {
        CompletableFuture<ContainerCellRunner.Prepared> prepared = byCell.put(cell.id(), TAKEN);
        if (prepared == null || prepared == TAKEN) {
            return null;
        }
        try {
            return prepared.get();
        } catch (InterruptedException stopped) {
            // The cell will not use it: whatever the creation in flight makes is removed once it is made.
            removeWhenReady(prepared);
            throw stopped;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CellCouldNotRun couldNotRun) {
                throw couldNotRun;
            }
            if (cause instanceof InterruptedException) {
                throw new CellCouldNotRun("preparing the container was interrupted");
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** For a cell that is done or will not run: a container prepared for it and not taken is removed. */
    void discard(Cell cell) {
        CompletableFuture<ContainerCellRunner.Prepared> prepared = byCell.put(cell.id(), TAKEN);
        if (prepared != null && prepared != TAKEN) {
            removeWhenReady(prepared);
        }
    }

    private void removeWhenReady(CompletableFuture<ContainerCellRunner.Prepared> prepared) {
        prepared.thenAccept(p -> {
            if (p != null) {
                p.close();
                remove.accept(p.containerId());
            }
        });
    }

    /**
     * Stops preparing, and removes every container prepared for a cell that did not take it. A creation in flight is
     * not interrupted but waited for (at most {@code max}; each request has its own deadline): interrupted, the
     * client gives up on it while the engine still makes the container, after the run's label sweep has looked.
     * That left one container in state Created per host after 3 of 3 Ctrl-Cs of {@code crosshost run}.
     */
    void close(Duration max) {
        closing = true;
        worker.shutdown();
        try {
            worker.awaitTermination(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String cellId : byCell.keySet()) {
            CompletableFuture<ContainerCellRunner.Prepared> prepared = byCell.get(cellId);
            if (prepared != null && prepared != TAKEN && byCell.replace(cellId, prepared, TAKEN)) {
                removeWhenReady(prepared);
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
