package io.crosshost.engine;

import io.crosshost.engine.discovery.CrosshostDiscovery;
import io.crosshost.engine.discovery.CrosshostSegments;
import io.crosshost.report.SharedRun;
import io.crosshost.result.ResultListener;
import io.crosshost.result.ResultListeners;
import io.crosshost.result.RunInfo;
import io.crosshost.runtime.HostSession;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;
import org.junit.platform.engine.support.store.Namespace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JUnit Platform engine {@code crosshost}: scenarios x images x hosts as a tree of tests that Surefire,
 * Failsafe, IDEs, the Jenkins JUnit plugin and the {@code crosshost} command all see alike.
 *
 * <p>Callers that want each cell's result as it finishes (the command line's progress, the reports) put a
 * {@link ResultListener} into the launcher session's store under {@link #STORE} / {@link #LISTENERS_KEY}.
 */
public final class CrosshostTestEngine extends HierarchicalTestEngine<CrosshostExecutionContext> {

    /** The namespace's one part, for Jupiter's stores, which name namespaces by their parts (io.crosshost.jupiter). */
    public static final String STORE_NAME = "crosshost";
    public static final Namespace STORE = Namespace.create(STORE_NAME);
    /** A {@code List<ResultListener>} in the launcher session store. */
    public static final String LISTENERS_KEY = "result-listeners";
    /** A {@link HostSession.Opener} in the launcher session store, to use instead of the real hosts' one. */
    public static final String OPENER_KEY = "host-opener";

    @Override
    public String getId() {
        return CrosshostSegments.ENGINE_ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("io.crosshost");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("crosshost-harness");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        // The tree is built on a provisional root, then moved under the real one once the matrix is known.
        CrosshostEngineDescriptor provisional = CrosshostEngineDescriptor.empty(uniqueId);
        Optional<CrosshostDiscovery.Discovered> discovered = CrosshostDiscovery.discover(request, provisional);
        if (discovered.isEmpty()) {
            return CrosshostEngineDescriptor.empty(uniqueId);
        }
        CrosshostConfiguration config = discovered.get().configuration();
        CrosshostEngineDescriptor root = new CrosshostEngineDescriptor(uniqueId, discovered.get().definitions().matrix(),
                config.filter().shard().count() > 1 ? config.filter().shard().toString() : null, config);
        new ArrayList<>(provisional.getChildren()).forEach(child -> {
            provisional.removeChild(child);
            root.addChild(child);
        });
        return root;
    }

    @Override
    protected CrosshostExecutionContext createExecutionContext(ExecutionRequest request) {
        if (request.getRootTestDescriptor() instanceof CrosshostEngineDescriptor root) {
            root.useSession(sessionListeners(request), sessionOpener(request), dir -> sharedRun(request, dir));
        }
        return new CrosshostExecutionContext(request.getEngineExecutionListener(), null);
    }

    @SuppressWarnings("unchecked")
    private static List<ResultListener> sessionListeners(ExecutionRequest request) {
        Object listeners = request.getStore().get(STORE, LISTENERS_KEY);
        return listeners instanceof List<?> list ? (List<ResultListener>) list : List.of();
    }

    /** The launch's run for a reports directory, which the Jupiter extension's Java cells join (SharedRun). */
    private static SharedRun sharedRun(ExecutionRequest request, Path reportsDir) {
        return request.getStore().getOrComputeIfAbsent(STORE, SharedRun.key(reportsDir),
                key -> new SharedRun(reportsDir, ((CrosshostEngineDescriptor) request.getRootTestDescriptor()).baseline()),
                SharedRun.class);
    }

    private static HostSession.Opener sessionOpener(ExecutionRequest request) {
        Object opener = request.getStore().get(STORE, OPENER_KEY);
        return opener instanceof HostSession.Opener o ? o : null;
    }
}
