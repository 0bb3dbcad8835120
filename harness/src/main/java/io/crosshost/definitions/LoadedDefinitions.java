package io.crosshost.definitions;

import io.crosshost.matrix.Matrix;
import io.crosshost.scenario.Scenario;

import java.util.List;

/**
 * What a load produced: the matrix (null when none was asked for or its file could not be read), the scenarios
 * that could be built, and every problem found. Use the model only when {@link #ok()}: with problems, parts that
 * were wrong are left out, so a partial model must never be run.
 */
public record LoadedDefinitions(Matrix matrix, List<Scenario> scenarios, List<Problem> problems) {

    public LoadedDefinitions {
        scenarios = List.copyOf(scenarios);
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
