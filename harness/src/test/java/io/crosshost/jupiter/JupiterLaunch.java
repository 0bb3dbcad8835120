package io.crosshost.jupiter;

import io.crosshost.engine.CrosshostTestEngine;
import io.crosshost.result.CellResult;
import io.crosshost.result.ResultListener;
import io.crosshost.result.RunInfo;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs fixture classes through the JUnit Platform Launcher, as Surefire and Failsafe do, in this JVM: what JUnit
 * reported (the summary, each invocation's name, result and report entries) and what the Crosshost result listeners
 * heard (the run, each cell's result). {@link #main} does the same in a child JVM, for the signal test.
 */
record JupiterLaunch(TestExecutionSummary summary, List<RunInfo> runs, List<CellResult> cells,
                     Map<String, TestExecutionResult> invocations, Map<String, Map<String, String>> entries) {

    /** The fixture classes in one launch; {@code engines}: which engines may take part ("junit-jupiter", "crosshost"). */
    static JupiterLaunch run(Map<String, String> config, List<String> engines, Class<?>... fixtures) {
        LauncherDiscoveryRequest discovery = request()
                .selectors(java.util.Arrays.stream(fixtures).map(c -> selectClass(c)).toList())
                .selectors(engines.contains("crosshost") ? List.of(org.junit.platform.engine.discovery.DiscoverySelectors
                        .selectUniqueId("[engine:crosshost]")) : List.of())
                .filters(org.junit.platform.launcher.EngineFilter.includeEngines(engines))
                .configurationParameters(config)
                .build();
        List<RunInfo> runs = Collections.synchronizedList(new ArrayList<>());
        List<CellResult> cells = Collections.synchronizedList(new ArrayList<>());
        ResultListener collect = new ResultListener() {
            @Override
            public void runStarted(RunInfo run) {
                runs.add(run);
            }

            @Override
            public void cellFinished(CellResult result) {
                cells.add(result);
            }
        };
        Map<String, TestExecutionResult> invocations = Collections.synchronizedMap(new LinkedHashMap<>());
        Map<String, Map<String, String>> entries = Collections.synchronizedMap(new LinkedHashMap<>());
        TestExecutionListener names = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    invocations.put(id.getDisplayName(), result);
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                invocations.put(id.getDisplayName(), TestExecutionResult.aborted(new IllegalStateException(reason)));
            }

            @Override
            public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                entries.put(id.getDisplayName(), entry.getKeyValuePairs());
            }
        };
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getStore().put(CrosshostTestEngine.STORE, CrosshostTestEngine.LISTENERS_KEY, List.of(collect));
            session.getLauncher().execute(discovery, names, summary);
        }
        return new JupiterLaunch(summary.getSummary(), List.copyOf(runs), List.copyOf(cells), Map.copyOf(invocations), Map.copyOf(entries));
    }

    /** {@code java ... io.crosshost.jupiter.JupiterLaunch CLASS}: the fixture class in a launch of its own (crosshost.* from -D). */
    public static void main(String[] args) throws Exception {
        JupiterLaunch launch = run(Map.of(), List.of("junit-jupiter"), Class.forName(args[0]));
        System.out.println("cells: " + launch.cells().size() + ", failed: " + launch.summary().getTotalFailureCount());
    }
}
