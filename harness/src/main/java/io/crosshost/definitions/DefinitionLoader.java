package io.crosshost.definitions;

import io.crosshost.matrix.Matrix;
import io.crosshost.scenario.Scenario;
import io.crosshost.scenario.SourceLocation;

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

    /** The matrix, the scenarios, and the checks between them (names the matrix lacks, an empty selection). */
    public static LoadedDefinitions load(Path matrixFile, List<Path> scenarioPaths) {
        List<Problem> problems = new ArrayList<>();
        MatrixParser.Parsed matrix = parseMatrix(matrixFile, problems);
        Catalog catalog = parseCatalog(scenarioPaths, problems);
        if (matrix.matrix() != null) {
            CrossChecks.check(matrix.matrix(), catalog.scenarios(), catalog.refs(), catalog.ids(), matrix, problems);
        }
        return new LoadedDefinitions(matrix.matrix(), catalog.scenarios(), sorted(problems));
    }

    /** The scenarios alone; the matrix of the result is null. */
    public static LoadedDefinitions loadScenarios(List<Path> scenarioPaths) {
        List<Problem> problems = new ArrayList<>();
        Catalog catalog = parseCatalog(scenarioPaths, problems);
        return new LoadedDefinitions(null, catalog.scenarios(), sorted(problems));
    }

    /** The matrix alone (its own checks included: duplicate names, exclusions naming hosts or images it lacks). */
    public static LoadedDefinitions loadMatrix(Path matrixFile) {
        List<Problem> problems = new ArrayList<>();
        MatrixParser.Parsed matrix = parseMatrix(matrixFile, problems);
        return new LoadedDefinitions(matrix.matrix(), List.of(), sorted(problems));
    }

    private static MatrixParser.Parsed parseMatrix(Path matrixFile, List<Problem> problems) {
        return YamlFile.read(matrixFile, problems)
                .map(MatrixParser::parse)
                .orElseGet(() -> new MatrixParser.Parsed(null, List.of(), SourceLocation.of(matrixFile)));
    }

    /** All scenario files' results, with duplicate ids reported and only the first of them kept. */
    private record Catalog(List<Scenario> scenarios, List<NameRef> refs, List<String> ids) {
    }

    private static Catalog parseCatalog(List<Path> paths, List<Problem> problems) {
        List<Scenario> scenarios = new ArrayList<>();
        List<NameRef> refs = new ArrayList<>();
        Map<String, SourceLocation> firstDefinition = new LinkedHashMap<>();
        Set<SourceLocation> duplicates = new HashSet<>();
        for (Path file : scenarioFiles(paths, problems)) {
            YamlFile.read(file, problems).map(ScenarioParser::parse).ifPresent(parsed -> {
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
            });
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

    private static List<Path> walk(Path root, List<Problem> problems) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && SKIPPED_DIRECTORIES.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (attrs.isRegularFile() && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
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

    /** By file, line and column, so a reader goes through a file top to bottom; stable for equal locations. */
    private static List<Problem> sorted(List<Problem> problems) {
        return problems.stream()
                .sorted(Comparator.comparing((Problem p) -> p.location().file().toString())
                        .thenComparingInt(p -> p.location().line())
                        .thenComparingInt(p -> p.location().column()))
                .toList();
    }
}
