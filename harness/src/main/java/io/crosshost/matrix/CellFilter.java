package io.crosshost.matrix;

import io.crosshost.scenario.Scenario;

import java.util.Set;

/**
 * A run's narrowing of a matrix (from the command line, Maven properties or the Launcher): scenario ids,
 * tags, hosts and images, each empty for "all", and the shard.
 */
public record CellFilter(Set<String> scenarioIds, Set<String> tags, Set<String> hosts, Set<String> images, Shard shard) {

    public static final CellFilter ALL = new CellFilter(Set.of(), Set.of(), Set.of(), Set.of(), Shard.WHOLE);

    public CellFilter {
        scenarioIds = Set.copyOf(scenarioIds);
        tags = Set.copyOf(tags);
        hosts = Set.copyOf(hosts);
        images = Set.copyOf(images);
        shard = shard == null ? Shard.WHOLE : shard;
    }

    public boolean selects(Scenario scenario) {
        return (scenarioIds.isEmpty() || scenarioIds.contains(scenario.id()))
                && (tags.isEmpty() || scenario.tags().stream().anyMatch(tags::contains));
    }

    public boolean selectsHost(String host) {
        return hosts.isEmpty() || hosts.contains(host);
    }

    public boolean selectsImage(String image) {
        return images.isEmpty() || images.contains(image);
    }
}
