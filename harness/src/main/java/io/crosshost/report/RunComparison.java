package io.crosshost.report;

import io.crosshost.report.RunDiff.FactChange;
import io.crosshost.report.RunDiff.ImageDrift;

import java.util.List;

/**
 * Works a {@link RunDiff} out, each part by the class of its job, in the order the data flows: which facts of the
 * hosts and images differ ({@link HostChanges}, {@link ImageChanges}), which images moved ({@link ImageDrifts}), what
 * moved under a regressed cell ({@link LikelyCauses}, from those two), and the cells ({@link CellComparison}, with
 * their facts and causes).
 */
final class RunComparison {

    private RunComparison() {
    }

    static RunDiff between(RunResults baseline, RunResults current) {
        List<FactChange> hosts = HostChanges.between(baseline, current);
        List<ImageDrift> drifts = ImageDrifts.between(baseline, current);
        LikelyCauses causes = new LikelyCauses(drifts, hosts, current.triage());
        CellComparison cells = CellComparison.between(baseline, current, causes);
        return new RunDiff(baseline.run().runId(), current.run().runId(), cells.changes(), hosts,
                ImageChanges.between(baseline, current), drifts, cells.notRunInBaseline(), cells.notRunInCurrent());
    }
}
