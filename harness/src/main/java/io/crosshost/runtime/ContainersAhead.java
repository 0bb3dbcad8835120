package io.crosshost.runtime;

import io.crosshost.matrix.Cell;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The containers one host creates ahead of their cells: while a cell runs, the container of the cell that will
 * take its slot next is created and attached to, so that the slot goes straight to starting it. The cell takes
 * its container when its turn comes ({@link #take}); a cell that never takes it (the run was stopped) has it
 * removed ({@link #discard}), and the run's close removes by label whatever a stop cut short.
 */
final class ContainersAhead implements AutoCloseable {

    /** What a cell's entry becomes once the cell has taken its container, or once it started without one. */
    private static final CompletableFuture<ContainerCellRunner.Prepared> TAKEN = CompletableFuture.completedFuture(null);

    private final ExecutorService worker;
    private final Map<String, CompletableFuture<ContainerCellRunner.Prepared>> byCell = new ConcurrentHashMap<>();

    ContainersAhead(String hostName) {
        // One thread per host: creations stay in plan order, and at most about one container per slot waits.
        this.worker = Executors.newSingleThreadExecutor(DaemonThreads.named("crosshost-ahead-" + hostName));
    }

    /** Starts preparing the cell's container in the background, unless the cell has already started. */
    void prepareSoon(Cell cell, Callable<ContainerCellRunner.Prepared> prepare) {
        byCell.computeIfAbsent(cell.id(), id -> {
            CompletableFuture<ContainerCellRunner.Prepared> prepared = new CompletableFuture<>();
            try {
                worker.execute(() -> {
                    try {
                        prepared.complete(prepare.call());
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
    void discard(Cell cell, ContainerRemover remover) {
        CompletableFuture<ContainerCellRunner.Prepared> prepared = byCell.put(cell.id(), TAKEN);
        if (prepared != null && prepared != TAKEN) {
            prepared.thenAccept(p -> {
                if (p != null) {
                    p.close();
                    remover.remove(p.containerId());
                }
            });
        }
    }

    /** Stops preparing; waits a little for a creation in flight, so the run's label sweep that follows sees it. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
