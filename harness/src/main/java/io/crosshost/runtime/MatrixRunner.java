package io.crosshost.runtime;

import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
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
    private final Map<String, HostLane> lanes = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final java.util.Set<String> running = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> claimed = ConcurrentHashMap.newKeySet();
    private boolean closed;
    private final HostLane.Owner owner = new HostLane.Owner() {
        @Override
        public boolean stopping() {
            return stopping.get();
        }

        @Override
        public void finish(CellResult result) {
            MatrixRunner.this.finish(result);
        }

        @Override
        public void started(String cellId) {
            running.add(cellId);
        }

        @Override
        public void ended(String cellId) {
            running.remove(cellId);
        }
    };

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
        HostLane lane = new HostLane(host.name(), session, pool, run, pipeline, owner, listener::imageFacts, listener::pullProgress);
        lanes.put(host.name(), lane);
        lane.schedule(cells);
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
        lanes.values().forEach(l -> l.drainRemovals(REMOVAL_DRAIN));
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
        // Phase by phase across hosts, so that one host's wait does not hold up another's.
        lanes.values().forEach(l -> l.closeAhead(REMOVAL_DRAIN));
        lanes.values().forEach(l -> l.drainRemovals(REMOVAL_DRAIN));
        lanes.values().forEach(HostLane::closeShared);
        lanes.values().forEach(HostLane::removeLeftovers);
        sessions.values().forEach(HostSession::close);
    }
}
