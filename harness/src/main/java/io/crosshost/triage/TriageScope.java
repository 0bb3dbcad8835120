package io.crosshost.triage;

import io.crosshost.matrix.ImageSpec;
import io.crosshost.runtime.HostSession;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a triage may use beyond the failing cell's own host: the run's other images (a passing image for package
 * hybrids, an image that can run a probe) and sessions to other hosts (whose capability sets a probe compares), which
 * the caller opens on first use and closes; and what probes learned, shared by every cell of one triage session.
 */
public record TriageScope(List<ImageSpec> images, Function<String, Optional<HostSession>> otherHost, ProbeMemo memo) {

    public TriageScope {
        images = List.copyOf(images);
    }
}
