package io.crosshost.report;

import io.crosshost.report.RunDiff.CellChange;
import io.crosshost.report.RunDiff.FactChange;
import io.crosshost.report.RunDiff.Kind;
import io.crosshost.report.RunDiff.NotRun;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cells of two runs compared one by one (they match by id): each cell whose status changed, with the facts of
 * its image and host that changed under it and, for a regression, its {@link LikelyCauses}; and the cells one of the
 * runs did not run, counted rather than listed. Listed, a night stopped after 12 s buried its 2 regressions under
 * 196 "changes" (issue 13). Likewise a fact is compared only where it was seen in both runs: a cell that did not get
 * to its image has no digest, an unreachable host no kernel, and a value missing on one side says nothing about what
 * changed.
 *
 * @param changes the changed cells, in the current run's order, then the removed ones in the baseline's
 */
record CellComparison(List<CellChange> changes, NotRun notRunInBaseline, NotRun notRunInCurrent) {

    CellComparison {
        changes = List.copyOf(changes);
    }

    static CellComparison between(RunResults baseline, RunResults current, LikelyCauses causes) {
        Map<String, CellResult> before = index(baseline.cells());
        Map<String, CellResult> after = index(current.cells());
        List<CellChange> changes = new ArrayList<>();
        NotRunCount notRunBefore = new NotRunCount();
        NotRunCount notRunAfter = new NotRunCount();
        Set<String> plannedBefore = unfinishedPlan(baseline);
        Set<String> plannedAfter = unfinishedPlan(current);
        for (CellResult now : after.values()) {
            CellResult was = before.get(now.cellId());
            boolean ranNow = !NotRunCount.notRun(now);
            if (was == null) {
                if (!ranNow) {
                    notRunAfter.add(now.message());
                } else if (plannedBefore.contains(now.cellId())) {
                    notRunBefore.add(null); // the baseline died before this cell: it was planned, so not new
                } else {
                    changes.add(change(Kind.NEW, null, now));
                }
            } else if (NotRunCount.notRun(was) || !ranNow) {
                // Not run on one side: nothing to compare. Not run on both: nothing changed.
                if (NotRunCount.notRun(was) && ranNow) {
                    notRunBefore.add(was.message());
                } else if (!NotRunCount.notRun(was) && !ranNow) {
                    notRunAfter.add(now.message());
                }
            } else if (was.status() != now.status()) {
                Kind kind = RunDiff.kind(was.status(), now.status());
                changes.add(new CellChange(kind, now.cellId(), now.scenario(), now.image(), now.host(), was.status(),
                        now.status(), now.message(), factsUnder(baseline, was, current, now),
                        kind == Kind.REGRESSION ? causes.of(now) : List.of()));
            }
        }
        for (CellResult was : before.values()) {
            if (after.containsKey(was.cellId())) {
                continue;
            }
            if (plannedAfter.contains(was.cellId())) {
                notRunAfter.add(null); // the run died before this cell: it was planned, so not removed
            } else if (NotRunCount.notRun(was)) {
                notRunBefore.add(was.message());
            } else {
                changes.add(change(Kind.REMOVED, was, null));
            }
        }
        return new CellComparison(changes, notRunBefore.of(baseline.run().runId()), notRunAfter.of(current.run().runId()));
    }

    /** The cells a run that never finished planned (and may have no result for); empty for a finished run. */
    private static Set<String> unfinishedPlan(RunResults run) {
        return run.finished() ? Set.of() : new HashSet<>(run.run().plannedCells());
    }

    private static Map<String, CellResult> index(List<CellResult> cells) {
        Map<String, CellResult> index = new LinkedHashMap<>();
        cells.forEach(c -> index.put(c.cellId(), c));
        return index;
    }

    /** A cell in only one of the runs: nothing to compare it with. */
    private static CellChange change(Kind kind, CellResult was, CellResult now) {
        CellResult any = now != null ? now : was;
        return new CellChange(kind, any.cellId(), any.scenario(), any.image(), any.host(),
                was == null ? null : was.status(), now == null ? null : now.status(), any.message(), List.of(), List.of());
    }

    /** The facts that differ between the image and host this cell ran against then and now. */
    private static List<FactChange> factsUnder(RunResults baseline, CellResult was, RunResults current, CellResult now) {
        List<FactChange> facts = new ArrayList<>();
        // The digest the cell ran against, when both cells got that far (an ERROR before the image has none).
        boolean cellDigests = was.imageDigest() != null && now.imageDigest() != null;
        if (cellDigests) {
            FactTable.change(ImageChanges.subject(now.image(), now.host()), ImageChanges.DIGEST, was.imageDigest(),
                    now.imageDigest()).ifPresent(facts::add);
        }
        ImageFacts imageBefore = baseline.image(was.image(), was.host()).orElse(null);
        ImageFacts imageNow = current.image(now.image(), now.host()).orElse(null);
        if (imageBefore != null && imageNow != null) {
            facts.addAll(ImageChanges.of(imageBefore, imageNow, !cellDigests));
        }
        HostFacts hostBefore = baseline.host(was.host()).orElse(null);
        HostFacts hostNow = current.host(now.host()).orElse(null);
        if (hostBefore != null && hostNow != null) {
            facts.addAll(HostChanges.of(hostBefore, hostNow));
        }
        return facts;
    }
}
