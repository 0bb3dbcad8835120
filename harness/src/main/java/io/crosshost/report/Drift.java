package io.crosshost.report;

import io.crosshost.pinpoint.InstalledPackage;
import io.crosshost.pinpoint.PackageDiff;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.pinpoint.SuspectRanking;
import io.crosshost.result.CellResult;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.RunTriage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What moved under the cells between two runs: each image whose digest or id changed, with its package changes
 * (pinpoint's {@link PackageDiff}, by the manager's own version order), and for a regressed cell the changes of its
 * image and its host ranked by how likely each is to have broken it ({@link SuspectRanking}: the C library first
 * for a seccomp failure, libselinux for an SELinux one). The host's engine, runtime and kernel changes come from
 * {@link RunDiff#hostChanges()}; they rank right after the kind's first group of packages.
 */
final class Drift {

    /** Host facts that can break a cell by themselves: what the engine, its runtime and the kernel are. */
    private static final Set<String> HOST_FACTS = Set.of("engine", "engineVersion", "runtime", "runtimeVersion", "kernel",
            "seccompProfile");
    /** The causes kept per regressed cell; the image's whole drift is listed once, with the image. */
    static final int CAUSES_PER_CELL = 10;

    private final Map<String, RunDiff.ImageDrift> byImageAndHost;
    private final List<RunDiff.ImageDrift> images;
    private final List<RunDiff.FactChange> hostChanges;
    private final Map<String, String> verdicts;
    private final Map<String, List<RunDiff.LikelyCause>> memo = new HashMap<>();

    private Drift(List<RunDiff.ImageDrift> images, Map<String, RunDiff.ImageDrift> byImageAndHost,
                  List<RunDiff.FactChange> hostChanges, Map<String, String> verdicts) {
        this.images = images;
        this.byImageAndHost = byImageAndHost;
        this.hostChanges = hostChanges;
        this.verdicts = verdicts;
    }

    static Drift between(RunResults baseline, RunResults current, List<RunDiff.FactChange> hostChanges) {
        // One image moved the same way on every host (one registry, one tag) is one drift, listed once.
        Map<String, List<ImageFacts[]>> moves = new LinkedHashMap<>();
        for (ImageFacts now : current.images()) {
            ImageFacts was = baseline.image(now.image(), now.host()).orElse(null);
            if (was != null && was.error() == null && now.error() == null && moved(was, now)) {
                moves.computeIfAbsent(now.image() + "\n" + was.imageId() + "\n" + now.imageId(), k -> new ArrayList<>())
                        .add(new ImageFacts[] {was, now});
            }
        }
        List<RunDiff.ImageDrift> images = new ArrayList<>();
        Map<String, RunDiff.ImageDrift> byImageAndHost = new HashMap<>();
        for (List<ImageFacts[]> pairs : moves.values()) {
            List<String> hosts = pairs.stream().map(p -> p[1].host()).toList();
            RunDiff.ImageDrift drift = imageDrift(pairs.get(0)[0], pairs.get(0)[1], hosts);
            images.add(drift);
            hosts.forEach(h -> byImageAndHost.put(drift.image() + "@" + h, drift));
        }
        Map<String, String> verdicts = new HashMap<>();
        RunTriage triage = current.triage();
        if (triage != null) {
            triage.cells().forEach(v -> verdicts.put(v.cellId(), v.component()));
        }
        return new Drift(images, byImageAndHost, hostChanges.stream().filter(f -> HOST_FACTS.contains(f.fact())).toList(),
                verdicts);
    }

    /** An image moved when what it is changed: its digest, or its id (an imported image's digest is its id). */
    private static boolean moved(ImageFacts was, ImageFacts now) {
        boolean digest = was.digest() != null && now.digest() != null && !was.digest().equals(now.digest());
        boolean id = was.imageId() != null && now.imageId() != null && !was.imageId().equals(now.imageId());
        return digest || id;
    }

    private static RunDiff.ImageDrift imageDrift(ImageFacts was, ImageFacts now, List<String> hosts) {
        PackageInventory before = was.packages();
        PackageInventory after = now.packages();
        PackageDiff packages = null;
        String note = null;
        if (before == null || after == null) {
            note = "the packages of the " + (before == null ? "baseline's" : "current") + " image were not read: no package changes to show";
        } else if (before.manager() != after.manager()) {
            // Another distribution altogether: every package is new, none compares by version.
            note = "the package manager changed from " + before.manager() + " to " + after.manager();
            packages = new PackageDiff(after.packages(), before.packages(), List.of(), List.of());
        } else {
            packages = PackageDiff.between(before, after);
        }
        return new RunDiff.ImageDrift(now.image(), hosts, was.digest(), now.digest(), was.imageId(),
                now.imageId(), packages, note);
    }

    List<RunDiff.ImageDrift> images() {
        return images;
    }

    /**
     * The changes under a regressed cell, most likely first, at most {@link #CAUSES_PER_CELL}: its image's package
     * changes on its host and its host's engine, runtime and kernel changes. Empty when nothing moved under it.
     */
    List<RunDiff.LikelyCause> causesOf(CellResult cell) {
        SuspectRanking ranking = SuspectRanking.forCell(verdicts.get(cell.cellId()), cell.tags());
        return memo.computeIfAbsent(cell.image() + "@" + cell.host() + "#" + ranking, k -> rank(cell, ranking));
    }

    /** rank: the ranking's group; library: the library before its tools; order: changed, added, removed. */
    private record Ranked(int rank, int library, int order, RunDiff.LikelyCause cause) {
    }

    private List<RunDiff.LikelyCause> rank(CellResult cell, SuspectRanking ranking) {
        List<Ranked> all = new ArrayList<>();
        RunDiff.ImageDrift image = byImageAndHost.get(cell.image() + "@" + cell.host());
        if (image != null && image.packages() != null) {
            PackageDiff d = image.packages();
            d.upgraded().forEach(c -> all.add(packageCause(ranking, c.to(), 0, "upgraded", c.describe())));
            d.downgraded().forEach(c -> all.add(packageCause(ranking, c.to(), 0, "downgraded", c.describe())));
            d.added().forEach(p -> all.add(packageCause(ranking, p, 1, "added", p.label())));
            d.removed().forEach(p -> all.add(packageCause(ranking, p, 2, "removed", p.label())));
        }
        String subject = "host " + cell.host();
        for (RunDiff.FactChange f : hostChanges) {
            if (f.subject().equals(subject)) {
                // Right after the kind's first group: the C library before the engine for a seccomp failure, as the
                // pair breaks and the image is what a tag moved; an engine change before any other package.
                all.add(new Ranked(1, -1, -1, new RunDiff.LikelyCause("host", subject + ": " + f.fact() + " " + f.before() + " -> "
                        + f.after(), "the host's " + f.fact() + " changed")));
            }
        }
        all.sort(Comparator.comparingInt(Ranked::rank).thenComparingInt(Ranked::library).thenComparingInt(Ranked::order)
                .thenComparing(r -> r.cause().change()));
        return all.stream().limit(CAUSES_PER_CELL).map(Ranked::cause).toList();
    }

    private static Ranked packageCause(SuspectRanking ranking, InstalledPackage p, int order, String kind, String change) {
        return new Ranked(ranking.rank(p), ranking.libraryFirst(p), order, new RunDiff.LikelyCause(kind, change, ranking.reason(p)));
    }
}
