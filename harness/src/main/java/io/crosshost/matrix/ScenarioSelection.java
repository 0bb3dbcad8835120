package io.crosshost.matrix;

import io.crosshost.scenario.Scenario;

import java.util.List;

/**
 * Which scenarios a matrix runs: those with one of {@code ids} or one of {@code tags} (all when both are
 * empty), less those with one of {@code excludeIds} or {@code excludeTags}.
 */
public record ScenarioSelection(List<String> ids, List<String> tags, List<String> excludeIds, List<String> excludeTags) {

    public static final ScenarioSelection ALL = new ScenarioSelection(List.of(), List.of(), List.of(), List.of());

    public ScenarioSelection {
        ids = List.copyOf(ids);
        tags = List.copyOf(tags);
        excludeIds = List.copyOf(excludeIds);
        excludeTags = List.copyOf(excludeTags);
    }

    public boolean selects(Scenario scenario) {
        boolean included = (ids.isEmpty() && tags.isEmpty())
                || ids.contains(scenario.id())
                || scenario.tags().stream().anyMatch(tags::contains);
        boolean excluded = excludeIds.contains(scenario.id())
                || scenario.tags().stream().anyMatch(excludeTags::contains);
        return included && !excluded;
    }
}
