package io.crosshost.report;

import io.crosshost.pinpoint.InstalledPackage;
import io.crosshost.pinpoint.PackageDiff;
import io.crosshost.pinpoint.SuspectRanking;
import io.crosshost.report.RunDiff.FactChange;
import io.crosshost.report.RunDiff.ImageDrift;
import io.crosshost.report.RunDiff.LikelyCause;
import io.crosshost.result.CellResult;
import io.crosshost.result.RunTriage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What moved under a regressed cell, ranked by how likely each change is to have broken it: its image's package
 * changes on its host ({@link ImageDrifts}) and its host's engine, runtime and kernel changes ({@link HostChanges}),
 * in the order {@link SuspectRanking} gives for the kind of failure (the C library first for a seccomp failure,
 * libselinux for an SELinux one); the kind is the current run's triage verdict, else the cell's tags.
 */
final class LikelyCauses {

    /** Host facts that can break a cell by themselves: what the engine, its runtime and the kernel are. */
    private static final Set<String> HOST_FACTS = Set.of("engine", "engineVersion", "runtime", "runtimeVersion", "kernel",
            "seccompProfile");
    /** The causes kept per regressed cell; the image's whole drift is listed once, with the image. */
    static final int CAUSES_PER_CELL = 10;

    private final Map<String, ImageDrift> driftByImageAndHost = new HashMap<>();
    private final List<FactChange> hostChanges;
    private final Map<String, String> verdicts = new HashMap<>();
    /** Cells of one image and host that fail the same way have the same causes: ranked once. */
    private final Map<String, List<LikelyCause>> memo = new HashMap<>();

    /** {@code triage}: the current run's, or null when it has none. */
    LikelyCauses(List<ImageDrift> drifts, List<FactChange> hostChanges, RunTriage triage) {
        drifts.forEach(d -> d.hosts().forEach(h -> driftByImageAndHost.put(d.image() + "@" + h, d)));
        this.hostChanges = hostChanges.stream().filter(f -> HOST_FACTS.contains(f.fact())).toList();
        if (triage != null) {
            triage.cells().forEach(v -> verdicts.put(v.cellId(), v.component()));
        }
    }

    /**
     * The changes under a regressed cell, most likely first, at most {@link #CAUSES_PER_CELL}. Empty when nothing
     * moved under it.
     */
    List<LikelyCause> of(CellResult cell) {
        SuspectRanking ranking = SuspectRanking.forCell(verdicts.get(cell.cellId()), cell.tags());
        return memo.computeIfAbsent(cell.image() + "@" + cell.host() + "#" + ranking, k -> rank(cell, ranking));
    }

    /** rank: the ranking's group; library: the library before its tools; order: changed, added, removed. */
    private record Ranked(int rank, int library, int order, LikelyCause cause) {
    }

    private List<LikelyCause> rank(CellResult cell, SuspectRanking ranking) {
        List<Ranked> all = new ArrayList<>();
        ImageDrift image = driftByImageAndHost.get(cell.image() + "@" + cell.host());
        if (image != null && image.packages() != null) {
            PackageDiff d = image.packages();
            d.upgraded().forEach(c -> all.add(packageCause(ranking, c.to(), 0, "upgraded", c.describe())));
            d.downgraded().forEach(c -> all.add(packageCause(ranking, c.to(), 0, "downgraded", c.describe())));
            d.added().forEach(p -> all.add(packageCause(ranking, p, 1, "added", p.label())));
            d.removed().forEach(p -> all.add(packageCause(ranking, p, 2, "removed", p.label())));
        }
        String subject = HostChanges.subject(cell.host());
        for (FactChange f : hostChanges) {
            if (f.subject().equals(subject)) {
                // Right after the kind's first group: the C library before the engine for a seccomp failure, as the
                // pair breaks and the image is what a tag moved; an engine change before any other package.
                all.add(new Ranked(1, -1, -1, new LikelyCause("host", subject + ": " + f.fact() + " " + f.before() + " -> "
                        + f.after(), "the host's " + f.fact() + " changed")));
            }
        }
        all.sort(Comparator.comparingInt(Ranked::rank).thenComparingInt(Ranked::library).thenComparingInt(Ranked::order)
                .thenComparing(r -> r.cause().change()));
        return all.stream().limit(CAUSES_PER_CELL).map(Ranked::cause).toList();
    }

    private static Ranked packageCause(SuspectRanking ranking, InstalledPackage p, int order, String kind, String change) {
        return new Ranked(ranking.rank(p), ranking.libraryFirst(p), order, new LikelyCause(kind, change, ranking.reason(p)));
    }
}
