package io.crosshost.scenario;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One scenario: commands run in a container of every image on every host of a matrix. */
public record Scenario(String id, String title, String description, Set<String> tags, List<String> bugs,
                       List<Step> steps, RunOptions options, int retries, Isolation isolation,
                       List<KnownFailure> knownFailures, SourceLocation source) {

    public Scenario {
        // In the order the file gives them: reports and tags of tests must not reorder between runs.
        tags = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(tags));
        bugs = List.copyOf(bugs);
        steps = List.copyOf(steps);
        knownFailures = List.copyOf(knownFailures);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("scenario " + id + " has no step");
        }
    }

    /** The known failure that covers this cell, if any. */
    public Optional<KnownFailure> knownFailureFor(String host, String image) {
        return knownFailures.stream().filter(k -> k.matches(host, image)).findFirst();
    }
}
