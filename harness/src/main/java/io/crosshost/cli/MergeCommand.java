package io.crosshost.cli;

import io.crosshost.matrix.CellFilter;
import io.crosshost.matrix.CellPlanner;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.matrix.Shard;
import io.crosshost.report.ReportListener;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.RunInfo;
import io.crosshost.definitions.LoadedDefinitions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code crosshost merge}: the shards' runs as one run, with the cells in the order an unsharded run of the
 * matrix has them, and every report written as that run would have written it.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge shards' results (from `run --shard K/N`) into one run with all reports, as an unsharded run would have.")
final class MergeCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    MatrixOptions options;

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "each shard's results.json or run directory")
    List<Path> shards;

    @Option(names = "--reports", paramLabel = "DIR", description = "Where the merged run's reports go (default: reports/).")
    Path reports;

    @Option(names = "--baseline-if-present", paramLabel = "RESULTS_JSON", description = "A baseline to diff against, used only if the file exists.")
    Path baseline;

    @Override
    public Integer call() {
        List<RunResults> runs = shards.stream().map(RunsOnDisk::read).toList();
        checkShardsComplete(runs);
        Map<String, CellResult> cells = new LinkedHashMap<>();
        Map<String, HostFacts> hosts = new LinkedHashMap<>();
        Map<String, ImageFacts> images = new LinkedHashMap<>();
        boolean interrupted = false;
        Instant started = Instant.MAX;
        for (RunResults run : runs) {
            run.hosts().forEach(h -> hosts.putIfAbsent(h.host(), h));
            run.images().forEach(i -> images.putIfAbsent(i.image() + "@" + i.host(), i));
            for (CellResult c : run.cells()) {
                if (cells.putIfAbsent(c.cellId(), c) != null) {
                    throw new UserError("cell " + c.cellId() + " is in more than one shard; were the shards run with the same --shard N?");
                }
            }
            interrupted |= run.interrupted();
            started = run.run().startedAt().isBefore(started) ? run.run().startedAt() : started;
        }
        List<CellResult> ordered = inMatrixOrder(new ArrayList<>(cells.values()));
        String matrix = runs.get(0).run().matrix();
        RunInfo merged = new RunInfo("merged-" + runs.get(0).run().runId(), matrix, started,
                ordered.stream().map(CellResult::cellId).toList(), null);
        Path reportsDir = reports != null ? reports : Home.path().resolve("reports");
        Path base = baseline != null && Files.isRegularFile(baseline) ? baseline : null;
        ReportListener writer = new ReportListener(reportsDir, base);
        writer.runStarted(merged);
        hosts.values().forEach(writer::hostFacts);
        images.values().forEach(writer::imageFacts);
        ordered.forEach(writer::cellFinished);
        writer.runFinished(merged, interrupted);
        System.out.println("merged " + runs.size() + " runs, " + ordered.size() + " cells: " + reportsDir.resolve(merged.runId()).resolve("index.html"));
        return ExitCodes.OK;
    }

    /**
     * Shards (runs that say "K/N") must come as one complete set: a merge without shard K would pass a sign-off
     * on cells that never ran. Unsharded runs (say, one per host subset) are merged as they are.
     */
    private void checkShardsComplete(List<RunResults> runs) {
        Map<Integer, Path> byIndex = new java.util.TreeMap<>();
        Shard first = null;
        Path firstPath = null;
        for (int i = 0; i < runs.size(); i++) {
            String text = runs.get(i).run().shard();
            if (text == null || text.isBlank()) {
                continue;
            }
            Shard shard;
            try {
                shard = Shard.parse(text);
            } catch (IllegalArgumentException e) {
                throw new UserError(shards.get(i) + ": shard '" + text + "' is not K/N");
            }
            if (first == null) {
                first = shard;
                firstPath = shards.get(i);
            } else if (shard.count() != first.count()) {
                throw new UserError(shards.get(i) + " is shard " + shard + " but " + firstPath + " is shard " + first
                        + "; merge the shards of one split");
            }
            Path other = byIndex.put(shard.index(), shards.get(i));
            if (other != null) {
                throw new UserError("shard " + shard + " is given twice: " + other + " and " + shards.get(i));
            }
        }
        if (first == null) {
            return;
        }
        int count = first.count();
        List<String> missing = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            if (!byIndex.containsKey(k)) {
                missing.add(k + "/" + count);
            }
        }
        if (!missing.isEmpty()) {
            String got = String.join(", ", byIndex.keySet().stream().map(k -> k + "/" + count).toList());
            throw new UserError((missing.size() == 1 ? "shard " + missing.get(0) + " is" : "shards " + String.join(", ", missing) + " are")
                    + " missing (got " + got + "); a merge without " + (missing.size() == 1 ? "it" : "them")
                    + " would lack " + (missing.size() == 1 ? "its" : "their") + " cells");
        }
    }

    /** The order an unsharded run of the matrix has; cells the matrix does not know go last, by id. */
    private List<CellResult> inMatrixOrder(List<CellResult> cells) {
        Map<String, Integer> position = new HashMap<>();
        try {
            LoadedDefinitions loaded = options.load();
            for (PlannedCell c : CellPlanner.plan(loaded.matrix(), loaded.scenarios(), CellFilter.ALL)) {
                position.put(c.id(), position.size());
            }
        } catch (UserError noMatrix) {
            // without the matrix, a stable order by id is the best there is
        }
        cells.sort(Comparator.comparing((CellResult c) -> position.getOrDefault(c.cellId(), Integer.MAX_VALUE))
                .thenComparing(CellResult::cellId));
        return cells;
    }
}
