package io.crosshost.cli;

import io.crosshost.definitions.DefinitionFiles;
import io.crosshost.definitions.DefinitionLoader;
import io.crosshost.definitions.LoadedDefinitions;
import io.crosshost.definitions.Problem;
import io.crosshost.matrix.CellPlanner;
import io.crosshost.matrix.Matrix;
import io.crosshost.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code crosshost validate [FILE...]}: checks scenario and matrix files, reporting every problem with
 * file:line:column. Files are told apart by what they hold, not by their names, so a newcomer can hand it whatever
 * they wrote. Scenarios given without a matrix are checked on their own; with no argument at all, the default
 * matrix is checked with its catalog.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check scenario and matrix files; every problem is printed as file:line:column: message.",
        footer = {"", "Examples:", "  crosshost validate scenarios/useradd-passwd.yaml   one scenario, on its own",
                "  crosshost validate my-scenarios/                  a folder (its matrices/ too)",
                "  crosshost validate -m scenarios/matrices/lab.yaml my-scenarios/   against a matrix's hosts and images",
                "  crosshost validate                                the default matrix with its catalog"})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    MatrixOptions options;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Scenario and matrix files, or folders of them (searched recursively). A matrix is a file with"
                    + " a top-level hosts: or images:. Each matrix is checked with the scenarios given, or with its own"
                    + " catalog when none are.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        DefinitionFiles given = DefinitionFiles.sort(files);
        List<Path> matrices = new ArrayList<>(given.matrices());
        List<Path> scenarioPaths = new ArrayList<>(given.scenarios());
        scenarioPaths.addAll(options.givenScenarioPaths());
        if (options.matrix != null) {
            matrices.add(options.matrixFile());
        }
        if (files.isEmpty() && matrices.isEmpty() && scenarioPaths.isEmpty()) {
            matrices.add(options.matrixFile());
        }
        List<LoadedDefinitions> loads = new ArrayList<>();
        if (matrices.isEmpty()) {
            loads.add(DefinitionLoader.loadScenarios(scenarioPaths));
        }
        for (Path matrix : matrices) {
            loads.add(DefinitionLoader.load(matrix, scenarioPaths.isEmpty() ? List.of(DefinitionLoader.catalogOf(matrix)) : scenarioPaths));
        }
        List<Problem> problems = merged(given.problems(), loads);
        if (!problems.isEmpty()) {
            throw MatrixOptions.problems(problems, "");
        }
        loads.forEach(options::checkFilterNames);
        System.out.println(summary(loads));
        return ExitCodes.OK;
    }

    /**
     * Every matrix is loaded with the same scenarios, whose problems must be printed once, not once a matrix; yet
     * a problem one load reports twice (two aliases of one broken node) stays twice, as {@code run} prints it.
     */
    private static List<Problem> merged(List<Problem> first, List<LoadedDefinitions> loads) {
        Map<Problem, Integer> times = new LinkedHashMap<>();
        for (List<Problem> some : Stream.concat(Stream.of(first), loads.stream().map(LoadedDefinitions::problems)).toList()) {
            Map<Problem, Integer> here = new LinkedHashMap<>();
            some.forEach(p -> here.merge(p, 1, Integer::sum));
            here.forEach((p, n) -> times.merge(p, n, Math::max));
        }
        return times.entrySet().stream().flatMap(e -> Collections.nCopies(e.getValue(), e.getKey()).stream())
                .sorted(Problem.READING_ORDER).toList();
    }

    /** One line: {@code ok: 20 scenarios, 1 matrix (lab: 3 hosts, 4 images, 216 cells)}. */
    private String summary(List<LoadedDefinitions> loads) {
        long scenarios = loads.stream().flatMap(l -> l.scenarios().stream()).map(ValidateCommand::identity).distinct().count();
        List<String> matrices = new ArrayList<>();
        for (LoadedDefinitions l : loads) {
            Matrix m = l.matrix();
            if (m != null) {
                int cells = CellPlanner.plan(m, l.scenarios(), options.filter()).size();
                matrices.add(m.name() + ": " + count(m.hosts().size(), "host", "hosts") + ", "
                        + count(m.images().size(), "image", "images") + ", " + count(cells, "cell", "cells"));
            }
        }
        return "ok: " + count(scenarios, "scenario", "scenarios") + ", " + count(matrices.size(), "matrix", "matrices")
                + (matrices.isEmpty() ? " (no matrix named: host and image names are not checked)"
                : " (" + String.join("; ", matrices) + ")");
    }

    /** The same scenario loaded with two matrices counts once; two files defining one id count twice. */
    private static String identity(Scenario s) {
        return s.source().file().toAbsolutePath().normalize() + "#" + s.id();
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
