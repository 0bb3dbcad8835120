package io.crosshost.runtime;

import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.ResultListener;
import io.crosshost.result.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the cells of a plan: every host at once, each up to its own concurrency. Per host it opens one
 * session, reads the host's facts, prepares each image once, then runs that host's cells in plan order.
 * Each cell's result is handed to the listener the moment it finishes and completes that cell's future.
 */
public final class MatrixRunner implements AutoCloseable {

    private final RunContext run;
    private final HostSession.Opener opener;
    private final ResultListener listener;
    private final Map<String, CompletableFuture<CellResult>> futures = new LinkedHashMap<>();
    private final Map<String, PlannedCell> planned = new LinkedHashMap<>();
    private final Map<String, List<PlannedCell>> cellsByHost = new LinkedHashMap<>();
    private final Map<String, HostSpec> hosts = new LinkedHashMap<>();
    private final List<ExecutorService> pools = new ArrayList<>();
    private final Map<String, HostSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, SharedContainers> sharedByHost = new ConcurrentHashMap<>();
    private final Map<String, ContainerRemover> removersByHost = new ConcurrentHashMap<>();
    private final Map<String, ContainersAhead> aheadByHost = new ConcurrentHashMap<>();
    private final Map<String, HostWatch> watchesByHost = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final java.util.Set<String> running = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> claimed = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /**
     * Containers created ahead and removed behind their cells (the default). Off ({@code crosshost.pipeline=off}), each
     * cell creates and removes its own in its slot, as before: for the benchmark's side-by-side comparison.
     */
    private final boolean pipeline;

    /** How long the end of a run waits for the removals still queued; what is left then goes by label. */
    private static final java.time.Duration REMOVAL_DRAIN = java.time.Duration.ofSeconds(30);

    static final String NOT_RUN_STOPPED = "not run: the run was stopped before this cell";
    static final String NOT_RUN_INTERRUPTED = "not run: the run was stopped while this cell ran";

    public MatrixRunner(RunContext run, List<PlannedCell> plan, HostSession.Opener opener, ResultListener listener) {
        this(run, plan, opener, listener, true);
    }

    public MatrixRunner(RunContext run, List<PlannedCell> plan, HostSession.Opener opener, ResultListener listener, boolean pipeline) {
        this.pipeline = pipeline;
        this.run = run;
        this.opener = opener;
        this.listener = listener;
        for (PlannedCell cell : plan) {
            futures.put(cell.id(), new CompletableFuture<>());
            planned.put(cell.id(), cell);
            if (cell.skipReason().isPresent()) {
                continue;
            }
            hosts.putIfAbsent(cell.cell().host().name(), cell.cell().host());
            cellsByHost.computeIfAbsent(cell.cell().host().name(), h -> new ArrayList<>()).add(cell);
        }
    }

    /** Starts every host's work in the background; results arrive through the listener and {@link #result}. */
    public void start() {
        // Excluded cells never reach a host: they are reported first, whatever the hosts do.
        planned.values().stream().filter(c -> c.skipReason().isPresent())
                .forEach(c -> finish(CellResults.notRun(c, Status.SKIP, c.skipReason().get(), null)));
        for (HostSpec host : hosts.values()) {
            ExecutorService pool = Executors.newFixedThreadPool(host.concurrency(), DaemonThreads.named("crosshost-" + host.name()));
            pools.add(pool);
            DaemonThreads.start("crosshost-open-" + host.name(), () -> startHost(host, pool));
        }
    }

    public CompletableFuture<CellResult> result(String cellId) {
        return futures.get(cellId);
    }

    public Map<String, CompletableFuture<CellResult>> results() {
        return futures;
    }

    private void startHost(HostSpec host, ExecutorService pool) {
        List<PlannedCell> cells = cellsByHost.get(host.name());
        HostSession session;
        try {
            session = opener.open(host);
        } catch (RuntimeException e) {
            String why = "host " + host.name() + " could not be opened: " + EngineMessages.of(e);
            listener.hostFacts(HostFacts.unreachable(host.name(), host.endpoint().toString(), why));
            cells.forEach(c -> finish(CellResults.error(c, why, java.time.Instant.now(), java.time.Duration.ZERO, 0, null, null)));
            return;
        }
        sessions.put(host.name(), session);
        HostFacts facts = session.facts();
        listener.hostFacts(facts);
        if (!facts.reachable()) {
            String why = facts.error();
            cells.forEach(c -> finish(CellResults.error(c, why, java.time.Instant.now(), java.time.Duration.ZERO, 0, null,
                    Reproducer.of(c.cell(), run, session.target()))));
            return;
        }
        for (String dead : StaleContainerSweeper.sweep(session.client(), run)) {
            System.err.println("crosshost: removed containers left on host " + host.name() + " by a dead run (" + dead + ")");
        }
        SharedContainers shared = new SharedContainers(session.client());
        sharedByHost.put(host.name(), shared);
        ContainerRemover remover = new ContainerRemover(session.client(), host.name(), pipeline);
        removersByHost.put(host.name(), remover);
        ContainersAhead ahead = new ContainersAhead(host.name(), remover::remove);
        aheadByHost.put(host.name(), ahead);
        // Whole creates: a stop's interrupt must not cut a create the engine goes on with (see WholeCreates).
        ContainerCellRunner runner = new ContainerCellRunner(WholeCreates.client(session), run, shared, remover, ahead);
        HostLane lane = new HostLane(runner, remover, ahead);
        HostWatch watch = new HostWatch(host.name(), session::notAnswering, stopping::get);
        watchesByHost.put(host.name(), watch);
        CellExecutor executor = new CellExecutor(runner, session.target(), run.defaults().retries(), watch);
        Map<String, CompletableFuture<ImageFacts>> images = new ConcurrentHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            PlannedCell cell = cells.get(i);
            PlannedCell next = i + 1 < cells.size() ? cells.get(i + 1) : null;
            ImageSpec image = cell.cell().image();
            // Each image is prepared once per host, by the first cell that needs it, inside the host's pool.
            CompletableFuture<ImageFacts> imageFacts = images.computeIfAbsent(image.name(), name ->
                    CompletableFuture.supplyAsync(() -> {
                        ImageFacts f = session.prepareImage(image, run);
                        listener.imageFacts(f);
                        return f;
                    }, pool));
            try {
                pool.execute(() -> runCell(cell, next, lane, executor, watch, imageFacts, images, session));
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                finish(CellResults.notRun(cell, Status.SKIP, NOT_RUN_STOPPED, null));
            }
        }
    }

    /** What a host's cells share to pipeline their containers: created ahead, removed behind. */
    private record HostLane(ContainerCellRunner runner, ContainerRemover remover, ContainersAhead ahead) {
    }

    private void runCell(PlannedCell cell, PlannedCell next, HostLane lane, CellExecutor executor, HostWatch watch,
                         CompletableFuture<ImageFacts> imageFacts, Map<String, CompletableFuture<ImageFacts>> images,
                         HostSession session) {
        running.add(cell.id());
        try {
            if (stopping.get()) {
                finish(CellResults.notRun(cell, Status.SKIP, NOT_RUN_STOPPED, null));
                return;
            }
            // A host that stopped answering fails its queued cells at once, each with the same message.
            if (failedFast(cell, watch, session)) {
                return;
            }
            ImageFacts image = imageFacts.join();
            if (failedFast(cell, watch, session)) {
                return;
            }
            if (image.error() != null && cell.skipReason().isEmpty()) {
                // A stop interrupts the image's preparation too: that is no error of the image's, nor of the host's.
                String why = watch.afterFailure(java.time.Instant.now(), image.error()).orElse(image.error());
                finishCutShort(cell, CellResults.error(cell, why, java.time.Instant.now(), java.time.Duration.ZERO, 0, null, null));
                return;
            }
            prepareAhead(next, lane, watch, images);
            finishCutShort(cell, executor.execute(cell, image.digest()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(CellResults.notRun(cell, Status.SKIP, NOT_RUN_INTERRUPTED, null));
        } catch (RuntimeException e) {
            if (stopping.get()) {
                // stop() interrupts workers mid-call; the transport then fails with ClosedByInterruptException.
                finish(CellResults.notRun(cell, Status.SKIP, NOT_RUN_INTERRUPTED, null));
                return;
            }
            finish(CellResults.error(cell, "harness error: " + e, java.time.Instant.now(), java.time.Duration.ZERO, 0, null, null));
        } finally {
            lane.ahead().discard(cell.cell());
            running.remove(cell.id());
        }
    }

    /**
     * Creates the container of the cell that takes a slot of this host next (the pool runs cells in plan order)
     * while this one runs: its slot then goes straight to the start. Not for shared-isolation cells (they exec
     * in a kept container), nor before the image is ready, nor once the run stops or the host stopped answering.
     */
    private void prepareAhead(PlannedCell next, HostLane lane, HostWatch watch, Map<String, CompletableFuture<ImageFacts>> images) {
        if (!pipeline || next == null || next.cell().scenario().isolation() == io.crosshost.scenario.Isolation.SHARED) {
            return;
        }
        CompletableFuture<ImageFacts> imageFacts = images.get(next.cell().image().name());
        if (imageFacts == null) {
            return;
        }
        lane.ahead().prepareSoon(next.cell(), () -> {
            ImageFacts facts = imageUnlessStopped(imageFacts);
            if (facts == null || facts.error() != null || stopping.get() || watch.dead().isPresent()) {
                return null;
            }
            return lane.runner().prepare(next.cell());
        });
    }

    /**
     * The image's facts once prepared; null once the run stops first. Never a plain join: a stop drops the image's
     * preparation from the host's pool when it has not started, its facts never come, and the host's creator ahead
     * (which the run's close waits for) waited for them for as long as the close let it: SIGINT's run took 33 s to end.
     */
    private ImageFacts imageUnlessStopped(CompletableFuture<ImageFacts> imageFacts) throws InterruptedException {
        while (!stopping.get()) {
            try {
                return imageFacts.get(100, TimeUnit.MILLISECONDS);
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
        if (stopping.get() && result.status() == Status.ERROR) {
            finish(CellResults.notRun(cell, Status.SKIP, NOT_RUN_INTERRUPTED, null));
            return;
        }
        finish(result);
    }

    private boolean failedFast(PlannedCell cell, HostWatch watch, HostSession session) {
        var dead = watch.dead();
        dead.ifPresent(why -> finish(CellResults.error(cell, why, java.time.Instant.now(), java.time.Duration.ZERO, 0, null,
                Reproducer.of(cell.cell(), run, session.target()))));
        return dead.isPresent();
    }

    private void finish(CellResult result) {
        // Every result reaches the listeners (reports, progress) through here: its scenario's secrets are masked
        // whichever path made it, the executor's (which masked them already) or an error's.
        PlannedCell cell = planned.get(result.cellId());
        CellResult masked = cell == null ? result : SecretMask.of(cell.cell().scenario().options()).apply(result);
        // The first result for a cell wins the race between its worker and stop(), and is the one reported. The
        // listener hears of it before the future completes: whoever waits on the futures (the engine, which then
        // finishes the reports) must not get ahead of the listener, as it did for a host whose cells all failed
        // the moment it was opened.
        if (claimed.add(result.cellId())) {
            try {
                listener.cellFinished(masked);
            } finally {
                futures.get(result.cellId()).complete(masked);
            }
        }
    }

    /** Stops the run: cells not started are marked not run, running containers are removed by their workers. */
    public void stop() {
        stopping.set(true);
        pools.forEach(ExecutorService::shutdownNow);
        // Queued cells will never start now; running ones finish themselves once their container is removed.
        for (PlannedCell cell : planned.values()) {
            if (!running.contains(cell.id())) {
                finish(CellResults.notRun(cell, Status.SKIP, NOT_RUN_STOPPED, null));
            }
        }
    }

    /** Waits for every cell, and for the removal of every container the cells used. */
    public void awaitAll() {
        for (CompletableFuture<CellResult> f : futures.values()) {
            try {
                f.join();
            } catch (RuntimeException ignored) {
                // every future is completed with a result, never exceptionally
            }
        }
        removersByHost.values().forEach(r -> r.drain(REMOVAL_DRAIN));
    }

    /**
     * Stops the run if it still goes, and removes everything it made: once every cell's thread and every creation ahead
     * is done (none of them is cut short, see {@link ContainersAhead#close} and {@link WholeCreates}), whatever still
     * carries the run's label is removed by label. Called by both the engine's end and its shutdown hook, which race
     * on a signal: the second call waits for the first.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        for (ExecutorService pool : pools) {
            try {
                pool.awaitTermination(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        aheadByHost.values().forEach(ahead -> ahead.close(REMOVAL_DRAIN));
        removersByHost.values().forEach(r -> r.drain(REMOVAL_DRAIN));
        sharedByHost.values().forEach(SharedContainers::close);
        sessions.forEach(this::removeLeftovers);
        sessions.values().forEach(HostSession::close);
    }

    /**
     * Whatever of this run is still on a host (a container whose create was cut short by a stop, say) goes too:
     * a finished or stopped run leaves nothing behind.
     */
    private void removeLeftovers(String hostName, HostSession session) {
        HostWatch watch = watchesByHost.get(hostName);
        if (!session.facts().reachable() || (watch != null && watch.dead().isPresent())) {
            // A host that stopped answering would only make each request wait for its deadline.
            return;
        }
        try {
            session.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(RunContext.LABEL_RUN, run.runId())).exec()
                    .forEach(c -> {
                        try {
                            session.client().removeContainerCmd(c.getId()).withForce(true).exec();
                        } catch (RuntimeException gone) {
                            // removed meanwhile
                        }
                    });
        } catch (RuntimeException hostGone) {
            // the next run's sweep removes them once the host answers again
        }
    }
}
