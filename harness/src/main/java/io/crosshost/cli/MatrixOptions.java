package io.crosshost.cli;

import io.crosshost.engine.CrosshostConfiguration;
import io.crosshost.matrix.CellFilter;
import io.crosshost.matrix.Shard;
import io.crosshost.definitions.DefinitionLoader;
import io.crosshost.definitions.LoadedDefinitions;
import io.crosshost.definitions.Problem;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The options that say which cells a verb is about: the matrix, the scenarios, and the filters. */
final class MatrixOptions {

    @Option(names = {"-m", "--matrix"}, paramLabel = "FILE",
            description = "Matrix file (default: scenarios/matrices/lab.yaml of the Crosshost checkout).")
    Path matrix;

    @Option(names = "--scenarios", paramLabel = "PATH", split = ",",
            description = "Scenario files or directories (default: the matrix's catalog: its catalog: key, or the scenarios/ folder"
                    + " above the matrix's matrices/ folder).")
    List<Path> scenarioPaths = new ArrayList<>();

    @Option(names = {"-s", "--scenario"}, paramLabel = "ID", split = ",", description = "Only these scenario ids.")
    List<String> scenarios = new ArrayList<>();

    @Option(names = {"-t", "--tag"}, paramLabel = "TAG", split = ",", description = "Only scenarios with one of these tags.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--host", paramLabel = "NAME", split = ",", description = "Only these hosts of the matrix.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--image", paramLabel = "NAME", split = ",", description = "Only these images of the matrix.")
    List<String> images = new ArrayList<>();

    @Option(names = "--shard", paramLabel = "K/N",
            description = "Run shard K of N: cells are dealt by id, evenly and deterministically (for parallel agents).")
    String shard;

    Path matrixFile() {
        Path file = matrix != null ? matrix : Home.path().resolve("scenarios/matrices/lab.yaml");
        if (!Files.isRegularFile(file)) {
            throw new UserError("no matrix file at " + file + "; give one with --matrix FILE");
        }
        return file;
    }

    /** The scenario paths given with --scenarios, without empty ones (CI passes its parameters through unconditionally). */
    List<Path> givenScenarioPaths() {
        return scenarioPaths.stream().filter(p -> !p.toString().isBlank()).toList();
    }

    List<Path> scenarioPaths() {
        List<Path> given = givenScenarioPaths();
        return given.isEmpty() ? List.of(DefinitionLoader.catalogOf(matrixFile())) : given;
    }

    /**
     * The names given to a filter option, without empty ones: CI passes its parameters through unconditionally
     * ({@code --scenario "$SCENARIOS"}), so an empty value, or a stray comma, means "all", as leaving the option
     * out does.
     */
    static List<String> names(List<String> given) {
        return given.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    Shard parsedShard() {
        try {
            return shard == null || shard.isBlank() ? Shard.WHOLE : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new UserError("--shard: " + e.getMessage());
        }
    }

    CellFilter filter() {
        return new CellFilter(Set.copyOf(names(scenarios)), Set.copyOf(names(tags)), Set.copyOf(names(hosts)),
                Set.copyOf(names(images)), parsedShard());
    }

    /** Loads and validates the files; every problem is printed, then the verb stops with exit code 2. */
    LoadedDefinitions load() {
        LoadedDefinitions loaded = DefinitionLoader.load(matrixFile(), scenarioPaths());
        if (!loaded.ok()) {
            throw problems(loaded.problems(), "; nothing was run");
        }
        checkFilterNames(loaded);
        return loaded;
    }

    /** Every problem its own line, then the count (and what {@code tail} adds); for a {@link UserError}'s exit code 2. */
    static UserError problems(List<Problem> problems, String tail) {
        StringBuilder all = new StringBuilder();
        for (Problem p : problems) {
            all.append(p).append('\n');
        }
        all.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems")
                .append(" in the scenario and matrix files").append(tail);
        return new UserError(all.toString());
    }

    /** The names given to --host, --image and --scenario exist in what was loaded (the matrix may be null). */
    void checkFilterNames(LoadedDefinitions loaded) {
        if (loaded.matrix() != null) {
            unknownNames("--host", names(hosts), loaded.matrix().hosts().stream().map(h -> h.name()).toList());
            unknownNames("--image", names(images), loaded.matrix().images().stream().map(i -> i.name()).toList());
        }
        unknownNames("--scenario", names(scenarios), loaded.scenarios().stream().map(s -> s.id()).toList());
    }

    private static void unknownNames(String option, List<String> given, List<String> known) {
        for (String name : given) {
            if (!known.contains(name)) {
                throw new UserError(option + " " + name + ": no such name; known: " + String.join(", ", known));
            }
        }
    }

    /** The engine's configuration parameters for these options. */
    Map<String, String> configuration() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(CrosshostConfiguration.MATRIX, matrixFile().toString());
        p.put(CrosshostConfiguration.SCENARIO_PATHS, String.join(",", scenarioPaths().stream().map(Path::toString).toList()));
        p.put(CrosshostConfiguration.SCENARIOS, String.join(",", names(scenarios)));
        p.put(CrosshostConfiguration.TAGS, String.join(",", names(tags)));
        p.put(CrosshostConfiguration.HOSTS, String.join(",", names(hosts)));
        p.put(CrosshostConfiguration.IMAGES, String.join(",", names(images)));
        p.put(CrosshostConfiguration.SHARD, parsedShard().toString());
        return p;
    }
}
