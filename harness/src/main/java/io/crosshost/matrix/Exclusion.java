package io.crosshost.matrix;

import io.crosshost.scenario.KnownFailure;
import io.crosshost.scenario.SourceLocation;

import java.util.List;

/**
 * Cells a matrix does not run, reported as SKIP with the reason. Empty lists match everything; {@code exceptScenarios}
 * (empty: none) keeps the scenarios it names, so an image meant for one scenario can exclude every other, a team's
 * new ones included.
 */
public record Exclusion(List<String> scenarios, List<String> hosts, List<String> images, String reason,
                        SourceLocation source, List<String> exceptScenarios) {

    public Exclusion {
        scenarios = List.copyOf(scenarios);
        hosts = List.copyOf(hosts);
        images = List.copyOf(images);
        exceptScenarios = exceptScenarios == null ? List.of() : List.copyOf(exceptScenarios);
    }

    public Exclusion(List<String> scenarios, List<String> hosts, List<String> images, String reason, SourceLocation source) {
        this(scenarios, hosts, images, reason, source, List.of());
    }

    public boolean matches(String scenario, String host, String image) {
        boolean kept = !exceptScenarios.isEmpty() && KnownFailure.anyMatch(exceptScenarios, scenario);
        return !kept && KnownFailure.anyMatch(scenarios, scenario) && KnownFailure.anyMatch(hosts, host)
                && KnownFailure.anyMatch(images, image);
    }
}
