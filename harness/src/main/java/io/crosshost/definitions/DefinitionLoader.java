package io.crosshost.definitions;

import io.crosshost.matrix.Matrix;
import io.crosshost.scenario.Scenario;
import io.crosshost.scenario.SourceLocation;
import org.snakeyaml.engine.v2.nodes.MappingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads scenario and matrix files into the model. Every problem of a load is collected, located at
 * file:line:column with paths as they were given, and returned; nothing here throws for user input.
 *
 * <p>Scenario paths are files or directories; directories are searched recursively for {@code *.yaml} and
 * {@code *.yml}, skipping directories named {@code matrices} and {@code schema}, so that one tree can hold the
 * catalog, its matrices and its JSON Schemas.
 */
public final class DefinitionLoader {

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("matrices", "schema");

    private DefinitionLoader() {
    }

    /**
     * The matrix, the scenarios, and the checks between them: names the matrix lacks, names its catalog lacks, an
     * empty selection. The matrix's scenario names are checked against the catalog it belongs with, not against these
     * scenarios, so that any folder runs on any matrix.
     */
    public static LoadedDefinitions load(Path matrixFile, List<Path> scenarioPaths) {
        List<Problem> problems = new ArrayList<>();
        MatrixParser.Parsed matrix = parseMatrix(matrixFile, problems);
        Catalog selection = parseCatalog(scenarioPaths, problems);
        crossCheck(matrix, scenarioPaths, selection, problems);
        return new LoadedDefinitions(matrix.matrix(), selection.scenarios(), sorted(problems));
    }

    /** The scenarios alone; the matrix of the result is null. */
    public static LoadedDefinitions loadScenarios(List<Path> scenarioPaths) {
        List<Problem> problems = new ArrayList<>();
        Catalog catalog = parseCatalog(scenarioPaths, problems);
        return new LoadedDefinitions(null, catalog.scenarios(), sorted(problems));
    }

    /**
     * The matrix alone: its own checks (duplicate names, exclusions naming hosts or images it lacks) and its scenario
     * names against its catalog; the scenarios of the result are empty.
     */
    public static LoadedDefinitions loadMatrix(Path matrixFile) {
        List<Problem> problems = new ArrayList<>();
        MatrixParser.Parsed matrix = parseMatrix(matrixFile, problems);
        crossCheck(matrix, List.of(), new Catalog(List.of(), List.of(), List.of()), problems);
        return new LoadedDefinitions(matrix.matrix(), List.of(), sorted(problems));
    }

    /**
     * The catalog a matrix belongs with: its {@code catalog} key, relative to the matrix file, or the scenarios
     * folder the matrix lives in. What a run loads when it names no scenarios.
     */
    public static Path catalogOf(Path matrixFile) {
        return parseMatrix(matrixFile, new ArrayList<>()).catalog().path();
    }

    private static MatrixParser.Parsed parseMatrix(Path matrixFile, List<Problem> problems) {
        return YamlFile.read(matrixFile, problems)
                .map(MatrixParser::parse)
                .orElseGet(() -> new MatrixParser.Parsed(null, List.of(), SourceLocation.of(matrixFile),
                        new MatrixParser.Catalog(MatrixParser.defaultCatalog(matrixFile), null)));
    }

    private static void crossCheck(MatrixParser.Parsed matrix, List<Path> selectionPaths, Catalog selection, List<Problem> problems) {
        if (matrix.matrix() == null) {
            return; // what could be checked against it is reported once the matrix itself is right
        }
        MatrixParser.Catalog catalog = matrix.catalog();
        List<String> catalogIds;
        String catalogName = "the matrix's catalog " + catalog.path();
        // Only where the catalog was guessed: a matrix copied away from its scenarios is the likely cause.
        String catalogNote = catalog.explicit() ? null
                : "without a 'catalog:' key a matrix's catalog is the scenarios folder it lives in; name the right one with catalog: PATH";
        if (!Files.exists(catalog.path())) {
            if (catalog.explicit()) {
                problems.add(new Problem(catalog.location(), "catalog " + Problem.quote(catalog.path().toString())
                        + " does not exist (catalog is relative to the matrix file): name the folder of the scenarios"
                        + " this matrix was written for, or leave the key out"));
            }
            catalogIds = null;
        } else if (sameFile(selectionPaths, catalog.path())) {
            catalogIds = selection.ids();
        } else {
            // Only the ids: the catalog's own problems belong to whoever validates or runs it, not to this load.
            catalogIds = parseCatalog(List.of(catalog.path()), new ArrayList<>()).ids();
        }
        if (catalogIds != null && catalogIds.isEmpty()) {
            if (catalog.explicit()) {
                problems.add(new Problem(catalog.location(), "catalog " + Problem.quote(catalog.path().toString())
                        + " holds no scenario files (*.yaml, *.yml): name the folder of the scenarios this matrix was written for"));
                catalogIds = null;
            } else if (!selectionPaths.isEmpty()) {
                // A matrix kept apart from any scenarios, without a catalog key: the scenarios it is loaded with are
                // all it can be checked against.
                catalogIds = selection.ids();
                catalogName = "the scenarios loaded";
                catalogNote = null;
            } else {
                catalogIds = null;
            }
        }
        CrossChecks.check(matrix.matrix(), selection.scenarios(), selection.refs(), catalogIds, catalogName, catalogNote,
                matrix, problems);
    }

    private static boolean sameFile(List<Path> paths, Path catalog) {
        return paths.size() == 1 && normal(paths.get(0)).equals(normal(catalog));
    }

    private static Path normal(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /** All scenario files' results, with duplicate ids reported and only the first of them kept. */
    private record Catalog(List<Scenario> scenarios, List<NameRef> refs, List<String> ids) {
    }

    private static Catalog parseCatalog(List<Path> paths, List<Problem> problems) {
        List<Scenario> scenarios = new ArrayList<>();
        List<NameRef> refs = new ArrayList<>();
        Map<String, SourceLocation> firstDefinition = new LinkedHashMap<>();
        Set<SourceLocation> duplicates = new HashSet<>();
        List<Path> files = scenarioFiles(paths, problems);
        List<DefinitionFormats.Result> results = new ArrayList<>();
        Set<Path> included = new HashSet<>();
        for (Path file : files) {
            DefinitionFormats.Result result = YamlFile.read(file, problems).map(DefinitionFormats::parse).orElse(null);
            results.add(result);
            if (result != null) {
                included.addAll(result.included());
            }
        }
        for (int i = 0; i < files.size(); i++) {
            DefinitionFormats.Result result = results.get(i);
            // A goss file another one includes is loaded with it, not a second time on its own.
            if (result == null || included.contains(files.get(i).toAbsolutePath().normalize())) {
                continue;
            }
            ScenarioParser.Parsed parsed = result.parsed();
            for (ScenarioParser.DefinedId id : parsed.ids()) {
                SourceLocation first = firstDefinition.putIfAbsent(id.id(), id.location());
                if (first != null) {
                    problems.add(new Problem(id.location(), "duplicate scenario id " + Problem.quote(id.id()) + ": already defined at " + first));
                    duplicates.add(id.location());
                }
            }
            refs.addAll(parsed.refs());
            parsed.scenarios().stream()
                    .filter(built -> !duplicates.contains(built.idLocation()))
                    .forEach(built -> scenarios.add(built.scenario()));
        }
        return new Catalog(scenarios, refs, List.copyOf(firstDefinition.keySet()));
    }

    /** The YAML files under the given paths, in a stable order; a missing path or an empty directory is a problem. */
    static List<Path> scenarioFiles(List<Path> paths, List<Problem> problems) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isRegularFile(path)) {
                files.add(path);
            } else if (Files.isDirectory(path)) {
                List<Path> found = walk(path, problems);
                if (found.isEmpty()) {
                    problems.add(new Problem(SourceLocation.of(path), "no scenario files (*.yaml, *.yml) in this directory"));
                }
                files.addAll(found);
            } else {
                problems.add(new Problem(SourceLocation.of(path), "file not found"));
            }
        }
        return files;
    }

    /** See {@link DefinitionFiles#sort}. */
    static DefinitionFiles sort(List<Path> paths) {
        List<Problem> problems = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isRegularFile(path)) {
                files.add(path);
            } else if (Files.isDirectory(path)) {
                // Only schema/ is left out: a folder given to validate is checked whole, its matrices with it.
                List<Path> found = walk(path, problems, Set.of("schema"));
                if (found.isEmpty()) {
                    problems.add(new Problem(SourceLocation.of(path), "no scenario or matrix files (*.yaml, *.yml) in this directory"));
                }
                files.addAll(found);
            } else {
                problems.add(new Problem(SourceLocation.of(path), "file not found"));
            }
        }
        List<Path> matrices = new ArrayList<>();
        List<Path> scenarios = new ArrayList<>();
        for (Path file : files.stream().distinct().toList()) {
            (isMatrix(file) ? matrices : scenarios).add(file);
        }
        return new DefinitionFiles(matrices, scenarios, problems);
    }

    /**
     * Whether the file holds a matrix, by its top-level keys. A file that cannot be read as YAML counts as a scenario
     * file: its problem is the same either way, and is reported once, when it is loaded.
     */
    private static boolean isMatrix(Path file) {
        return YamlFile.read(file, new ArrayList<>())
                .map(root -> root.node() instanceof MappingNode map ? map : null)
                .map(map -> map.getValue().stream().map(t -> YamlFile.scalarValue(t.getKeyNode()))
                        .filter(java.util.Objects::nonNull).toList())
                .map(keys -> !keys.contains("id") && keys.stream().anyMatch(ScenarioParser.MATRIX_ONLY_KEYS::contains))
                .orElse(false);
    }

    private static List<Path> walk(Path root, List<Problem> problems) {
        return walk(root, problems, SKIPPED_DIRECTORIES);
    }

    private static List<Path> walk(Path root, List<Problem> problems, Set<String> skipped) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && skipped.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (attrs.isRegularFile() && (name.endsWith(".yaml") || name.endsWith(".yml")
                            || (name.endsWith(".json") && DefinitionFormats.isImportedSuite(file)))) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(new Problem(SourceLocation.of(file), "cannot read: " + e.getMessage()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            problems.add(new Problem(SourceLocation.of(root), "cannot read the directory: " + e.getMessage()));
        }
        found.sort(Comparator.comparing(Path::toString));
        return found;
    }

    private static List<Problem> sorted(List<Problem> problems) {
        return problems.stream().sorted(Problem.READING_ORDER).toList();
    }
}
