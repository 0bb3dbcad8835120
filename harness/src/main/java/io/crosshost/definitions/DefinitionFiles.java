package io.crosshost.definitions;

import java.nio.file.Path;
import java.util.List;

/**
 * Files and folders as {@code crosshost validate} is given them, sorted by what the files hold: matrices (a top-level
 * {@code hosts}, {@code images}, {@code exclude} or {@code defaults} and no {@code id}) and scenario files, whatever
 * their names or folders. Paths that are not there, and folders without any YAML file, are the problems.
 */
public record DefinitionFiles(List<Path> matrices, List<Path> scenarios, List<Problem> problems) {

    public DefinitionFiles {
        matrices = List.copyOf(matrices);
        scenarios = List.copyOf(scenarios);
        problems = List.copyOf(problems);
    }

    /** Folders are searched recursively for {@code *.yaml} and {@code *.yml}, their {@code matrices} folders included. */
    public static DefinitionFiles sort(List<Path> paths) {
        return DefinitionLoader.sort(paths);
    }
}
