package io.crosshost.matrix;

import io.crosshost.scenario.SourceLocation;

import java.util.List;
import java.util.Optional;

/** The hosts, the images, which scenarios, which cells are excluded, and the defaults. */
public record Matrix(String name, List<HostSpec> hosts, List<ImageSpec> images, ScenarioSelection scenarios,
                     List<Exclusion> exclusions, Defaults defaults, SourceLocation source) {

    public Matrix {
        hosts = List.copyOf(hosts);
        images = List.copyOf(images);
        exclusions = List.copyOf(exclusions);
    }

    public Optional<HostSpec> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    public Optional<ImageSpec> image(String name) {
        return images.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The exclusion that skips this cell, if any. */
    public Optional<Exclusion> exclusionFor(String scenario, String host, String image) {
        return exclusions.stream().filter(e -> e.matches(scenario, host, image)).findFirst();
    }
}
