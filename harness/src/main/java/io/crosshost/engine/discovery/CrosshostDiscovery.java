package io.crosshost.engine.discovery;

import io.crosshost.engine.CrosshostConfiguration;
import io.crosshost.engine.descriptor.CellDescriptor;
import io.crosshost.engine.descriptor.ImageDescriptor;
import io.crosshost.engine.descriptor.ScenarioDescriptor;
import io.crosshost.matrix.CellPlanner;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.definitions.DefinitionLoader;
import io.crosshost.definitions.LoadedDefinitions;
import io.crosshost.definitions.Problem;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoveryIssue.Severity;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a discovery request into the tree scenario -> image -> cell(host).
 *
 * <p>The engine answers only when asked: a {@value CrosshostConfiguration#MATRIX} parameter, a file or
 * directory selector (scenario files), or a unique-id selector of this engine. Surefire's class selectors
 * for ordinary test classes leave it silent. Every problem in the files becomes a {@link DiscoveryIssue}
 * with the file, line and column, and nothing runs.
 */
public final class CrosshostDiscovery {

    /** What discovery found: the matrix-planned cells as a tree under {@code root}, or nothing. */
    public record Discovered(LoadedDefinitions definitions, CrosshostConfiguration configuration) {
    }

    private CrosshostDiscovery() {
    }

    public static Optional<Discovered> discover(EngineDiscoveryRequest request, TestDescriptor root) {
        UniqueId engineId = root.getUniqueId();
        CrosshostConfiguration config;
        try {
            config = CrosshostConfiguration.from(request.getConfigurationParameters());
        } catch (IllegalArgumentException badValue) {
            report(request, engineId, DiscoveryIssue.create(Severity.ERROR, "Crosshost configuration: " + badValue.getMessage()));
            return Optional.empty();
        }
        List<Path> selectedPaths = new ArrayList<>();
        request.getSelectorsByType(FileSelector.class).forEach(s -> selectedPaths.add(s.getPath()));
        request.getSelectorsByType(DirectorySelector.class).forEach(s -> selectedPaths.add(s.getPath()));
        List<UniqueId> selectedIds = request.getSelectorsByType(UniqueIdSelector.class).stream()
                .map(UniqueIdSelector::getUniqueId).filter(id -> id.hasPrefix(engineId)).toList();
        if (config.matrix().isEmpty() && selectedPaths.isEmpty() && selectedIds.isEmpty()) {
            return Optional.empty();
        }
        if (config.matrix().isEmpty()) {
            report(request, engineId, DiscoveryIssue.create(Severity.ERROR, "Crosshost was given scenarios but no matrix: set the "
                    + "configuration parameter " + CrosshostConfiguration.MATRIX + " (for example -D"
                    + CrosshostConfiguration.MATRIX + "=scenarios/matrices/lab.yaml)"));
            return Optional.empty();
        }
        Path matrix = config.matrix().get();
        // The parameter wins over selectors, so that one suite class with a default directory can run any catalog.
        List<Path> scenarioPaths = !config.scenarioPaths().isEmpty() ? config.scenarioPaths()
                : !selectedPaths.isEmpty() ? selectedPaths
                : List.of(DefinitionLoader.catalogOf(matrix));
        LoadedDefinitions definitions = DefinitionLoader.load(matrix, scenarioPaths);
        for (Problem problem : definitions.problems()) {
            DiscoveryIssue.Builder issue = DiscoveryIssue.builder(Severity.ERROR, problem.toString());
            if (problem.location() != null && problem.location().file() != null) {
                issue.source(FileSource.from(problem.location().file().toFile(),
                        FilePosition.from(problem.location().line(), problem.location().column())));
            }
            report(request, engineId, issue.build());
        }
        if (!definitions.ok()) {
            return Optional.empty();
        }
        List<PlannedCell> plan = CellPlanner.plan(definitions.matrix(), definitions.scenarios(), config.filter());
        buildTree(root, plan, selectedIds);
        return Optional.of(new Discovered(definitions, config));
    }

    private static void buildTree(TestDescriptor root, List<PlannedCell> plan, List<UniqueId> selectedIds) {
        UniqueId engineId = root.getUniqueId();
        Map<String, ScenarioDescriptor> scenarios = new LinkedHashMap<>();
        Map<String, ImageDescriptor> images = new LinkedHashMap<>();
        for (PlannedCell planned : plan) {
            var cell = planned.cell();
            UniqueId cellId = CrosshostSegments.cell(engineId, cell.scenario().id(), cell.image().name(), cell.host().name());
            if (!selectedIds.isEmpty() && selectedIds.stream().noneMatch(cellId::hasPrefix)) {
                continue;
            }
            ScenarioDescriptor scenario = scenarios.computeIfAbsent(cell.scenario().id(), id -> {
                ScenarioDescriptor d = new ScenarioDescriptor(CrosshostSegments.scenario(engineId, id), cell.scenario());
                root.addChild(d);
                return d;
            });
            ImageDescriptor image = images.computeIfAbsent(cell.scenario().id() + "\n" + cell.image().name(), key -> {
                ImageDescriptor d = new ImageDescriptor(scenario.getUniqueId().append(CrosshostSegments.IMAGE, cell.image().name()), cell.image());
                scenario.addChild(d);
                return d;
            });
            image.addChild(new CellDescriptor(cellId, planned));
        }
    }

    private static void report(EngineDiscoveryRequest request, UniqueId engineId, DiscoveryIssue issue) {
        request.getDiscoveryListener().issueEncountered(engineId, issue);
    }
}
