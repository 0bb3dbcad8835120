package io.crosshost.jupiter;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.definitions.DefinitionLoader;
import io.crosshost.definitions.LoadedDefinitions;
import io.crosshost.definitions.Problem;
import io.crosshost.engine.CrosshostConfiguration;
import io.crosshost.engine.CrosshostTestEngine;
import io.crosshost.host.HostSessions;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.report.SharedRun;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.ResultListener;
import io.crosshost.result.ResultListeners;
import io.crosshost.result.RunInfo;
import io.crosshost.runtime.CreateGate;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContainers;
import io.crosshost.runtime.RunContext;
import io.crosshost.runtime.StaleContainerSweeper;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.StoreScope;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The Java cells of one launch, as the engine's descriptor and {@code MatrixRunner} hold a YAML run: one run id (the
 * launch's shared run's when reports are on, see {@link SharedRun}) on every container's labels, one session per host
 * opened on first use with the host's own client, each image prepared and described once per host, and the results
 * handed to the reports and the launch's result listeners. Kept in the Jupiter engine's root store, so it closes when
 * the Jupiter engine is done: whatever still carries the run's label is removed from every host then, and on SIGTERM
 * or SIGINT the shutdown hook does the same once the creates in flight have their answers ({@link CreateGate}).
 */
final class JavaRun implements AutoCloseable {

    static final Namespace NAMESPACE = Namespace.create("crosshost", "jupiter");
    /** The engine's namespace in the launch's stores: result listeners and shared runs are found there. */
    private static final Namespace ENGINE = Namespace.create(CrosshostTestEngine.STORE_NAME);
    private static final Duration CREATES_IN_FLIGHT = Duration.ofSeconds(30);

    private final CrosshostConfiguration config;
    private final RunContext run;
    private final SharedRun shared;
    private final ResultListener listener;
    private final CreateGate gate = new CreateGate();
    private final Map<Path, LoadedDefinitions> matrices = new ConcurrentHashMap<>();
    private final Map<HostSpec, HostSession> sessions = new ConcurrentHashMap<>();
    private final Map<HostSession, DockerClient> gatedClients = new ConcurrentHashMap<>();
    private final Map<String, ImageFacts> images = new ConcurrentHashMap<>();
    private final Thread onSignal = new Thread(this::stopOnSignal, "crosshost-jupiter-shutdown");
    private RunInfo info;
    private boolean finished;

    private JavaRun(ExtensionContext context) {
        this.config = CrosshostConfiguration.from(new JupiterParameters(context));
        this.shared = config.reportsDir().map(dir -> context.getStore(StoreScope.EXECUTION_REQUEST, ENGINE)
                .getOrComputeIfAbsent(SharedRun.key(dir), k -> new SharedRun(dir, config.baseline().orElse(null)), SharedRun.class))
                .orElse(null);
        RunContext fresh = RunContext.start(io.crosshost.matrix.Defaults.STANDARD);
        this.run = shared == null ? fresh : fresh.withRunId(shared.runId(fresh::runId));
        List<ResultListener> all = new ArrayList<>();
        if (shared != null) {
            all.add(shared.part());
        }
        all.addAll(sessionListeners(context));
        this.listener = ResultListeners.of(all);
        Runtime.getRuntime().addShutdownHook(onSignal);
    }

    /** The launch's Java run, made by the first {@link CrosshostTest} that asks. */
    static JavaRun of(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(JavaRun.class, k -> new JavaRun(context), JavaRun.class);
    }

    CrosshostConfiguration configuration() {
        return config;
    }

    /** The run as the cells of {@code matrix} see it: the launch's id and owner, that matrix's defaults. */
    RunContext runFor(io.crosshost.matrix.Matrix matrix) {
        return run.withDefaults(matrix.defaults());
    }

    /** The matrix file, loaded once per launch; a file with problems is one error listing each as file:line:column. */
    io.crosshost.matrix.Matrix matrix(Path file) {
        LoadedDefinitions loaded = matrices.computeIfAbsent(file.toAbsolutePath().normalize(), DefinitionLoader::loadMatrix);
        if (!loaded.ok()) {
            throw new IllegalArgumentException("the matrix " + file + " has problems:\n"
                    + loaded.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
        }
        return loaded.matrix();
    }

    /** Announces cells this run will have: the first time, the run starts (and its reports directory with it). */
    synchronized void planned(io.crosshost.matrix.Matrix matrix, List<String> cellIds) {
        if (info == null) {
            info = new RunInfo(run.runId(), matrix.name(), Instant.now(), cellIds, null);
            listener.runStarted(info);
        } else if (shared != null) {
            shared.plan(cellIds);
        }
    }

    /** The host's session, opened on first use; a dead run's containers on it are removed then, as the engine does. */
    HostSession session(HostSpec host) {
        return sessions.computeIfAbsent(host, h -> {
            HostSession session = HostSessions.open(h, config.hostSettings());
            HostFacts facts = session.facts();
            listener.hostFacts(facts);
            if (facts.reachable()) {
                for (String dead : StaleContainerSweeper.sweep(session.client(), run)) {
                    System.err.println("crosshost: removed containers left on host " + h.name() + " by a dead run (" + dead + ")");
                }
            }
            return session;
        });
    }

    /** The session's client whose creates a stop waits for before it sweeps. */
    DockerClient client(HostSession session) {
        return gatedClients.computeIfAbsent(session, gate::client);
    }

    /** The image on that host, prepared (inspected, pulled if the matrix allows) and described once per launch. */
    ImageFacts imageFacts(HostSpec host, ImageSpec image, RunContext cellRun) {
        return images.computeIfAbsent(image.name() + "@" + host.name(), k -> {
            ImageFacts facts = session(host).prepareImage(image, cellRun);
            listener.imageFacts(facts);
            return facts;
        });
    }

    void cellFinished(CellResult result) {
        listener.cellFinished(result);
    }

    /** The end of the Jupiter engine: nothing of the run stays on any host, and the run's part of the reports ends. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook removes what is left
        }
        removeAndClose(false);
    }

    /** SIGTERM or SIGINT: no new container, those being created awaited, then every one of the run removed by label. */
    private void stopOnSignal() {
        gate.closeAndAwait(CREATES_IN_FLIGHT);
        removeAndClose(true);
    }

    private synchronized void removeAndClose(boolean interrupted) {
        if (finished) {
            return;
        }
        finished = true;
        sessions.values().stream().filter(s -> s.facts().reachable()).forEach(s -> RunContainers.removeAll(s.client(), run.runId()));
        sessions.values().forEach(HostSession::close);
        if (info != null) {
            listener.runFinished(info, interrupted);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<ResultListener> sessionListeners(ExtensionContext context) {
        Object listeners = context.getStore(StoreScope.LAUNCHER_SESSION, ENGINE).get(CrosshostTestEngine.LISTENERS_KEY);
        return listeners instanceof List<?> list ? (List<ResultListener>) list : List.of();
    }
}
