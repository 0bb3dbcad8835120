package io.crosshost.cli;

import io.crosshost.engine.CrosshostConfiguration;
import io.crosshost.engine.CrosshostTestEngine;
import io.crosshost.matrix.Shard;
import io.crosshost.report.ReportListener;
import io.crosshost.result.CellResult;
import io.crosshost.result.ResultListener;
import io.crosshost.result.RunInfo;
import io.crosshost.runtime.RunContext;
import io.crosshost.definitions.LoadedDefinitions;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** {@code crosshost run}: runs the cells through the JUnit Platform, shows progress, writes the reports. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the matrix: every selected scenario on every image on every host. Writes reports/<run id>/ "
                + "(results.json, junit.xml, index.html, summary.md) and points reports/latest at it.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    MatrixOptions options;

    @Option(names = "--reports", paramLabel = "DIR", description = "Where reports go (default: reports/ of the checkout).")
    Path reports;

    @Option(names = "--baseline", paramLabel = "RESULTS_JSON", description = "A previous run's results.json to diff against.")
    Path baseline;

    @Option(names = "--triage", description = "After the run, triage every FAIL, ERROR and XPASS (as `crosshost triage --all`).")
    boolean triage;

    @Option(names = "--exit-zero-on-unexpected",
            description = "Exit 0 even when cells are unexpected (for CI shards whose merge gates later); 2 still means bad input.")
    boolean exitZeroOnUnexpected;

    @Override
    public Integer call() {
        LoadedDefinitions loaded = options.load();
        Path reportsDir = reports != null ? reports : Home.path().resolve("reports");
        Map<String, String> config = options.configuration();
        config.put(CrosshostConfiguration.REPORTS, reportsDir.toString());
        if (baseline != null) {
            config.put(CrosshostConfiguration.BASELINE, baseline.toString());
        }
        LauncherDiscoveryRequest request = request()
                .selectors(selectUniqueId("[engine:crosshost]"))
                .filters(org.junit.platform.launcher.EngineFilter.includeEngines("crosshost"))
                .configurationParameters(config)
                .build();
        ConcurrentLinkedQueue<CellResult> results = new ConcurrentLinkedQueue<>();
        RunInfo[] run = new RunInfo[1];
        ResultListener collect = new ResultListener() {
            @Override
            public void runStarted(RunInfo info) {
                run[0] = info;
            }

            @Override
            public void cellFinished(CellResult result) {
                results.add(result);
            }
        };
        List<Throwable> engineFailures = new ArrayList<>();
        TestExecutionListener engineWatch = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.getParentId().isEmpty() && result.getStatus() == TestExecutionResult.Status.FAILED) {
                    engineFailures.add(result.getThrowable().orElseGet(() -> new IllegalStateException("the engine failed")));
                }
            }
        };
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getStore().put(CrosshostTestEngine.STORE, CrosshostTestEngine.LISTENERS_KEY,
                    List.of(collect, new ProgressPrinter(System.err, System.console() != null)));
            session.getLauncher().execute(request, engineWatch);
        }
        if (!engineFailures.isEmpty() && results.isEmpty()) {
            throw engineError(engineFailures);
        }
        if (run[0] == null) {
            Shard shard = options.parsedShard();
            if (shard.count() > 1) {
                return emptyShard(loaded, shard, reportsDir);
            }
            System.out.println("crosshost: no cell selected; nothing ran");
            return ExitCodes.OK;
        }
        Map<String, Integer> position = new java.util.HashMap<>();
        run[0].plannedCells().forEach(id -> position.put(id, position.size()));
        List<CellResult> ordered = new ArrayList<>(results);
        ordered.sort(java.util.Comparator.comparing(r -> position.getOrDefault(r.cellId(), Integer.MAX_VALUE)));
        System.out.println();
        System.out.print(TerminalGrid.render(ordered));
        System.out.println();
        if (!engineFailures.isEmpty()) {
            // The cells ran and the grid above shows them, but the run's record is not whole (a report that could
            // not be written, issue 13): that is the harness's failure, whatever the cells said.
            throw engineError(engineFailures);
        }
        Path report = reportsDir.resolve(run[0].runId());
        System.out.println("Report: " + report.resolve("index.html"));
        System.out.println("        " + report.resolve("summary.md") + ", junit.xml, results.json; latest: " + reportsDir.resolve("latest"));
        boolean unexpected = ordered.stream().anyMatch(r -> r.status().unexpected());
        if (triage && unexpected) {
            try {
                TriageAll.run(RunsOnDisk.read(report), loaded, report, false, baseline, System.out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("the triage was interrupted; the run's reports are complete");
            } catch (java.io.IOException e) {
                throw new UserError("could not write the triage into " + report.resolve("triage") + ": " + e.getMessage());
            }
        }
        return unexpected && !exitZeroOnUnexpected ? ExitCodes.UNEXPECTED : ExitCodes.OK;
    }

    /** The engine's failures, one line each: a report's names the file and the cause (ReportListener). */
    private static UserError engineError(List<Throwable> failures) {
        String lines = String.join("\n", failures.stream()
                .map(t -> t.getMessage() == null ? t.toString() : t.getMessage()).toList());
        return new UserError(lines, failures.get(0));
    }

    /**
     * A shard can be dealt no cell (fewer cells than shards, or a narrow --scenario/--tag). CI stashes and merges
     * every shard's results.json, and the merge refuses an incomplete set of shards, so this shard still writes
     * its run: one without cells that says which shard it was.
     */
    private Integer emptyShard(LoadedDefinitions loaded, Shard shard, Path reportsDir) {
        RunInfo empty = new RunInfo(RunContext.start(loaded.matrix().defaults()).runId(), loaded.matrix().name(),
                Instant.now(), List.of(), shard.toString());
        ReportListener writer = new ReportListener(reportsDir, baseline);
        try {
            writer.runStarted(empty);
            writer.runFinished(empty, false);
        } catch (java.io.UncheckedIOException e) {
            throw new UserError(e.getMessage(), e);
        }
        System.out.println("crosshost: shard " + shard + " was dealt no cell; wrote an empty run: "
                + reportsDir.resolve(empty.runId()).resolve("results.json"));
        return ExitCodes.OK;
    }
}
