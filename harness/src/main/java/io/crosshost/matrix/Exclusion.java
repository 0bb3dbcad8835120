package io.crosshost.matrix;

import io.crosshost.scenario.KnownFailure;
import io.crosshost.scenario.SourceLocation;

import java.util.List;

/** Cells a matrix does not run, reported as SKIP with the reason. Empty lists match everything. */
public record Exclusion(List<String> scenarios, List<String> hosts, List<String> images, String reason,
                        SourceLocation source) {

    public Exclusion {
        scenarios = List.copyOf(scenarios);
        hosts = List.copyOf(hosts);
        images = List.copyOf(images);
    }

    public boolean matches(String scenario, String host, String image) {
        return KnownFailure.anyMatch(scenarios, scenario) && KnownFailure.anyMatch(hosts, host) && KnownFailure.anyMatch(images, image);
    }
}
