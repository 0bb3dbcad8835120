package io.crosshost.cli;

import io.crosshost.definitions.LoadedDefinitions;
import io.crosshost.host.HostSessions;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.CreateGate;
import io.crosshost.runtime.RunContainers;
import io.crosshost.runtime.RunContext;
import io.crosshost.scenario.Scenario;
import io.crosshost.triage.ProbeMemo;
import io.crosshost.triage.Triage;
import io.crosshost.triage.TriageReport;
import io.crosshost.triage.TriageScope;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Triages cells of one run, one after another, with what they can share: a session per host (opened when first
 * needed, closed at the end) and the probes' readings ({@link ProbeMemo}), so that eight cells of one host and image
 * probe its syscalls and packages once.
 */
final class RunTriager implements AutoCloseable {

    private final RunResults run;
    private final LoadedDefinitions loaded;
    // Concurrent: the shutdown hook sweeps them while the triage may be opening one.
    private final Map<String, HostSession> sessions = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, HostFacts> hostFacts = new HashMap<>();
    private final Map<String, ImageFacts> imageFacts = new HashMap<>();
    private final ProbeMemo memo = new ProbeMemo();
    private final CreateGate gate = new CreateGate();
    private volatile boolean stopped;
    private final RunContext context;

    RunTriager(RunResults run, LoadedDefinitions loaded) {
        this.run = run;
        this.loaded = loaded;
        run.hosts().forEach(h -> hostFacts.put(h.host(), h));
        run.images().forEach(i -> imageFacts.put(i.image() + "@" + i.host(), i));
        // Its own run id: the reruns' containers carry it, so a stop or the next run's sweep removes them by label.
        this.context = RunContext.start(loaded.matrix().defaults());
        Runtime.getRuntime().addShutdownHook(removeOnExit);
    }

    /** Ctrl-C or SIGTERM mid-triage: the rerun, probe or hybrid container in flight goes with the rest of the label. */
    private final Thread removeOnExit = new Thread(this::removeContainersOnExit, "crosshost-triage-shutdown");

    private synchronized void removeContainers() {
        sessions.values().stream().filter(s -> s.facts().reachable())
                .forEach(s -> RunContainers.removeAll(s.client(), context.runId()));
    }

    /** On a signal, no create is let through any more and those in flight are waited for, then the label is swept. */
    private void removeContainersOnExit() {
        stopped = true;
        gate.closeAndAwait(Duration.ofSeconds(30));
        removeContainers();
    }

    ProbeMemo memo() {
        return memo;
    }

    /** One cell's triage; a user error when the files or the host do not match the run, or when it was stopped. */
    TriageReport triage(CellResult failing) throws InterruptedException {
        try {
            return triageNow(failing);
        } catch (RuntimeException e) {
            if (stopped) {
                // The gate refused a create: the process is going away, its containers are being removed.
                throw new UserError("the triage was stopped; its containers are removed");
            }
            throw e;
        }
    }

    private TriageReport triageNow(CellResult failing) throws InterruptedException {
        Scenario scenario = loaded.scenarios().stream().filter(s -> s.id().equals(failing.scenario())).findFirst()
                .orElseThrow(() -> new UserError("scenario " + failing.scenario() + " of cell " + failing.cellId()
                        + " is not in the scenarios loaded; name its folder with --scenarios"));
        HostSpec host = loaded.matrix().host(failing.host())
                .orElseThrow(() -> new UserError("host " + failing.host() + " is not in the matrix; name the run's matrix with -m"));
        ImageSpec image = loaded.matrix().image(failing.image())
                .orElseThrow(() -> new UserError("image " + failing.image() + " is not in the matrix; name the run's matrix with -m"));
        HostSession session = session(host.name())
                .orElseThrow(() -> new UserError("host " + host.name() + " does not answer: " + sessions.get(host.name()).facts().error()));
        List<CellResult> scenarioCells = run.cells().stream().filter(c -> c.scenario().equals(failing.scenario())).toList();
        TriageScope scope = new TriageScope(loaded.matrix().images(), this::session, memo);
        return Triage.run(new Cell(scenario, image, host), failing, scenarioCells, hostFacts, imageFacts, session, context, scope);
    }

    /** The host's session, opened on first use, its creates through the gate; empty when it does not answer. */
    private Optional<HostSession> session(String hostName) {
        HostSession session = sessions.computeIfAbsent(hostName, n -> loaded.matrix().host(n)
                .map(h -> (HostSession) new GatedSession(HostSessions.open(h, CliSettings.hosts()), gate)).orElse(null));
        return Optional.ofNullable(session).filter(s -> s.facts().reachable());
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(removeOnExit);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook removes what is left, and the JVM ends the sessions
        }
        removeContainers();
        sessions.values().forEach(HostSession::close);
    }
}
