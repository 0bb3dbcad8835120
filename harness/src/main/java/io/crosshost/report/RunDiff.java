package io.crosshost.report;

import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What changed between a baseline run and the current one, cell by cell (cells match by id,
 * {@code scenario/image@host}), and for each changed cell which facts of its image and host changed, which is
 * usually the answer to "why".
 *
 * <p>The rules, by the status before and after:
 * <ul>
 *   <li><b>regression</b>: PASS, FLAKY, XFAIL or XPASS before, FAIL or ERROR now: the cell was green in the build
 *       and is red now. XFAIL -> FAIL counts because the build now fails on it (a known-failure entry was removed
 *       or narrowed while the cell still fails);</li>
 *   <li><b>fix</b>: FAIL or ERROR before, PASS or FLAKY now;</li>
 *   <li><b>new</b> / <b>removed</b>: the cell is in only one of the runs (the matrix or scenarios changed);</li>
 *   <li><b>changed</b>: any other change of status, such as XFAIL -> XPASS (the bug may be fixed), PASS -> FLAKY,
 *       FAIL -> ERROR, or to or from SKIP. SKIP -> FAIL is not a regression: a skipped cell never proved it
 *       passes.</li>
 * </ul>
 * A cell with the same status in both runs is not listed, even when its facts changed; {@link #hostChanges()} and
 * {@link #imageChanges()} list those for the whole run.
 *
 * <p>A cell that one of the runs did not run is not a change either, only counted ({@link #notRunInBaseline()},
 * {@link #notRunInCurrent()}): a run that was stopped marks every cell it did not reach SKIP "not run: ...", and a
 * run that died has no result for them at all. Listed, a night stopped after 12 s buried its 2 regressions under
 * 196 "changes" (issue 13). Likewise a fact is compared only where it was seen in both runs: a cell that did not
 * get to its image has no digest, an unreachable host no kernel, and a value missing on one side says nothing
 * about what changed.
 *
 * <p>What moved under the cells (each moved image's package changes, and the ranked likely causes of each regression)
 * is {@link Drift}'s; this class stays the rules of cell and fact changes, which is why it is longer than most.
 */
public final class RunDiff {

    public enum Kind { REGRESSION, FIX, NEW, REMOVED, CHANGED }

    /** One fact that differs: {@code subject} is "host docker" or "image debian-13 on docker". */
    public record FactChange(String subject, String fact, String before, String after) {
    }

    /**
     * A cell whose status changed; {@code before} is null for a new cell, {@code after} for a removed one.
     * {@code likelyCauses}: for a regression, what moved under it (its image's packages, its host's engine, runtime,
     * kernel), most likely first; empty for other changes and when nothing moved.
     */
    public record CellChange(Kind kind, String cellId, String scenario, String image, String host, Status before,
                             Status after, String message, List<FactChange> facts, List<LikelyCause> likelyCauses) {

        public CellChange {
            facts = List.copyOf(facts);
            likelyCauses = List.copyOf(likelyCauses);
        }
    }

    /**
     * One change under a regressed cell: {@code kind} is upgraded, downgraded, added, removed (a package) or host;
     * {@code change} says what ("libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14"), {@code reason} why it is suspected.
     */
    public record LikelyCause(String kind, String change, String reason) {
    }

    /**
     * An image whose digest or id changed between the runs, on {@code hosts} (the same move on each), and its package
     * changes; {@code packages} is null when an inventory is missing on one side, and {@code note} then says so (or
     * that the package manager itself changed).
     */
    public record ImageDrift(String image, List<String> hosts, String digestBefore, String digestAfter, String imageIdBefore,
                             String imageIdAfter, io.crosshost.pinpoint.PackageDiff packages, String note) {

        public ImageDrift {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * Cells that a run did not run, counted: {@code reason} is why, such as "the run was stopped" (from the cells'
     * "not run: ..." messages) or "the run did not finish" (a run read back from its journal).
     */
    public record NotRun(String runId, int count, String reason) {
    }

    /** How MatrixRunner's results for the cells of a stopped run begin (its NOT_RUN_STOPPED, NOT_RUN_INTERRUPTED). */
    static final String NOT_RUN = "not run: ";
    private static final String DID_NOT_FINISH = "the run did not finish";

    private static final Set<Status> GREEN = EnumSet.of(Status.PASS, Status.FLAKY, Status.XFAIL, Status.XPASS);
    private static final Set<Status> RED = EnumSet.of(Status.FAIL, Status.ERROR);

    private final String baselineRunId;
    private final String currentRunId;
    private final List<CellChange> changes;
    private final List<FactChange> hostChanges;
    private final List<FactChange> imageChanges;
    private final List<ImageDrift> imageDrifts;
    private final NotRun notRunInBaseline;
    private final NotRun notRunInCurrent;

    private RunDiff(String baselineRunId, String currentRunId, List<CellChange> changes,
                    List<FactChange> hostChanges, List<FactChange> imageChanges, List<ImageDrift> imageDrifts,
                    NotRun notRunInBaseline, NotRun notRunInCurrent) {
        this.baselineRunId = baselineRunId;
        this.currentRunId = currentRunId;
        this.changes = List.copyOf(changes);
        this.hostChanges = List.copyOf(hostChanges);
        this.imageChanges = List.copyOf(imageChanges);
        this.imageDrifts = List.copyOf(imageDrifts);
        this.notRunInBaseline = notRunInBaseline;
        this.notRunInCurrent = notRunInCurrent;
    }

    public static RunDiff between(RunResults baseline, RunResults current) {
        List<FactChange> hosts = new ArrayList<>();
        for (HostFacts now : current.hosts()) {
            baseline.host(now.host()).ifPresent(was -> hosts.addAll(hostFacts(was, now)));
        }
        Drift drift = Drift.between(baseline, current, hosts);
        Map<String, CellResult> before = index(baseline.cells());
        Map<String, CellResult> after = index(current.cells());
        List<CellChange> changes = new ArrayList<>();
        NotRunCount notRunBefore = new NotRunCount();
        NotRunCount notRunAfter = new NotRunCount();
        Set<String> plannedBefore = unfinishedPlan(baseline);
        Set<String> plannedAfter = unfinishedPlan(current);
        for (CellResult now : after.values()) {
            CellResult was = before.get(now.cellId());
            boolean ranNow = !notRun(now);
            if (was == null) {
                if (!ranNow) {
                    notRunAfter.add(now.message());
                } else if (plannedBefore.contains(now.cellId())) {
                    notRunBefore.add(null); // the baseline died before this cell: it was planned, so not new
                } else {
                    changes.add(change(Kind.NEW, null, now, List.of()));
                }
            } else if (notRun(was) || !ranNow) {
                // Not run on one side: nothing to compare. Not run on both: nothing changed.
                if (notRun(was) && ranNow) {
                    notRunBefore.add(was.message());
                } else if (!notRun(was) && !ranNow) {
                    notRunAfter.add(now.message());
                }
            } else if (was.status() != now.status()) {
                Kind kind = kind(was.status(), now.status());
                changes.add(new CellChange(kind, now.cellId(), now.scenario(), now.image(), now.host(), was.status(),
                        now.status(), now.message(), cellFacts(baseline, was, current, now),
                        kind == Kind.REGRESSION ? drift.causesOf(now) : List.of()));
            }
        }
        for (CellResult was : before.values()) {
            if (after.containsKey(was.cellId())) {
                continue;
            }
            if (plannedAfter.contains(was.cellId())) {
                notRunAfter.add(null); // the run died before this cell: it was planned, so not removed
            } else if (notRun(was)) {
                notRunBefore.add(was.message());
            } else {
                changes.add(change(Kind.REMOVED, was, null, List.of()));
            }
        }
        List<FactChange> images = new ArrayList<>();
        for (ImageFacts now : current.images()) {
            baseline.image(now.image(), now.host()).ifPresent(was -> images.addAll(imageFacts(was, now, true)));
        }
        return new RunDiff(baseline.run().runId(), current.run().runId(), changes, hosts, images, drift.images(),
                notRunBefore.of(baseline.run().runId()), notRunAfter.of(current.run().runId()));
    }

    /** The cells a run that never finished planned (and may have no result for); empty for a finished run. */
    private static Set<String> unfinishedPlan(RunResults run) {
        return run.finished() ? Set.of() : new java.util.HashSet<>(run.run().plannedCells());
    }

    /** Whether a run did not run this cell: it was stopped first (a skip for a cause other than the matrix's). */
    static boolean notRun(CellResult cell) {
        return cell.status() == Status.SKIP && cell.message() != null && cell.message().startsWith(NOT_RUN);
    }

    /** Counts the cells a run did not run, and collects why, in the words of their messages. */
    private static final class NotRunCount {
        private int count;
        private final Set<String> reasons = new java.util.LinkedHashSet<>();

        /** @param message the cell's "not run: ..." message, or null for a cell the run has no result for */
        void add(String message) {
            count++;
            reasons.add(message == null ? DID_NOT_FINISH : reason(message));
        }

        NotRun of(String runId) {
            return new NotRun(runId, count, String.join("; ", reasons));
        }

        /** "not run: the run was stopped before this cell" and "... while this cell ran" are one reason. */
        private static String reason(String message) {
            String why = message.substring(NOT_RUN.length()).strip();
            int cell = why.indexOf(" before this cell");
            cell = cell < 0 ? why.indexOf(" while this cell ran") : cell;
            return cell < 0 ? why : why.substring(0, cell);
        }
    }

    static Kind kind(Status before, Status after) {
        if (GREEN.contains(before) && RED.contains(after)) {
            return Kind.REGRESSION;
        }
        if (RED.contains(before) && (after == Status.PASS || after == Status.FLAKY)) {
            return Kind.FIX;
        }
        return Kind.CHANGED;
    }

    public String baselineRunId() {
        return baselineRunId;
    }

    public String currentRunId() {
        return currentRunId;
    }

    /** Every changed cell: regressions first, then fixes, other changes, new and removed cells. */
    public List<CellChange> changes() {
        List<CellChange> sorted = new ArrayList<>();
        for (Kind kind : List.of(Kind.REGRESSION, Kind.FIX, Kind.CHANGED, Kind.NEW, Kind.REMOVED)) {
            sorted.addAll(of(kind));
        }
        return sorted;
    }

    public List<CellChange> of(Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).toList();
    }

    public List<CellChange> regressions() {
        return of(Kind.REGRESSION);
    }

    public List<CellChange> fixes() {
        return of(Kind.FIX);
    }

    public List<CellChange> added() {
        return of(Kind.NEW);
    }

    public List<CellChange> removed() {
        return of(Kind.REMOVED);
    }

    /** Facts of hosts present in both runs that differ, whether or not any cell changed. */
    public List<FactChange> hostChanges() {
        return hostChanges;
    }

    /** Facts of images (per host) present in both runs that differ. */
    public List<FactChange> imageChanges() {
        return imageChanges;
    }

    /** Every image whose digest or id changed, with its package changes: the answer to "what moved under the tag". */
    public List<ImageDrift> imageDrifts() {
        return imageDrifts;
    }

    /** The cells the baseline did not run (stopped before them, or died) that the current run ran or dropped. */
    public NotRun notRunInBaseline() {
        return notRunInBaseline;
    }

    /** The cells the current run did not run (stopped before them, or died), whatever the baseline said of them. */
    public NotRun notRunInCurrent() {
        return notRunInCurrent;
    }

    public boolean isEmpty() {
        return changes.isEmpty() && hostChanges.isEmpty() && imageChanges.isEmpty() && imageDrifts.isEmpty() && notRunInBaseline.count() == 0
                && notRunInCurrent.count() == 0;
    }

    private static Map<String, CellResult> index(List<CellResult> cells) {
        Map<String, CellResult> index = new LinkedHashMap<>();
        cells.forEach(c -> index.put(c.cellId(), c));
        return index;
    }

    private static CellChange change(Kind kind, CellResult was, CellResult now, List<FactChange> facts) {
        CellResult any = now != null ? now : was;
        return new CellChange(kind, any.cellId(), any.scenario(), any.image(), any.host(),
                was == null ? null : was.status(), now == null ? null : now.status(), any.message(), facts, List.of());
    }

    /** The facts that differ between the image and host this cell ran against then and now. */
    private static List<FactChange> cellFacts(RunResults baseline, CellResult was, RunResults current,
                                              CellResult now) {
        List<FactChange> facts = new ArrayList<>();
        String imageSubject = imageSubject(now.image(), now.host());
        // The digest the cell ran against, when both cells got that far (an ERROR before the image has none).
        boolean cellDigests = was.imageDigest() != null && now.imageDigest() != null;
        if (cellDigests) {
            add(facts, imageSubject, "digest", was.imageDigest(), now.imageDigest());
        }
        ImageFacts imageBefore = baseline.image(was.image(), was.host()).orElse(null);
        ImageFacts imageNow = current.image(now.image(), now.host()).orElse(null);
        if (imageBefore != null && imageNow != null) {
            facts.addAll(imageFacts(imageBefore, imageNow, !cellDigests));
        }
        HostFacts hostBefore = baseline.host(was.host()).orElse(null);
        HostFacts hostNow = current.host(now.host()).orElse(null);
        if (hostBefore != null && hostNow != null) {
            facts.addAll(hostFacts(hostBefore, hostNow));
        }
        return facts;
    }

    private static List<FactChange> imageFacts(ImageFacts was, ImageFacts now, boolean withDigest) {
        List<FactChange> facts = new ArrayList<>();
        if (was.error() != null || now.error() != null) {
            return facts; // an image that could not be looked at on one side: nothing was seen to compare
        }
        String subject = imageSubject(now.image(), now.host());
        if (withDigest) {
            add(facts, subject, "digest", was.digest(), now.digest());
        }
        Map<String, Function<ImageFacts, Object>> fields = new LinkedHashMap<>();
        fields.put("reference", ImageFacts::reference);
        fields.put("imageId", ImageFacts::imageId);
        fields.put("osRelease", ImageFacts::osRelease);
        fields.put("libc", ImageFacts::libc);
        fields.put("libcVersion", ImageFacts::libcVersion);
        fields.put("libselinuxVersion", ImageFacts::libselinuxVersion);
        fields.put("packageManager", ImageFacts::packageManager);
        fields.forEach((name, get) -> add(facts, subject, name, get.apply(was), get.apply(now)));
        return facts;
    }

    private static List<FactChange> hostFacts(HostFacts was, HostFacts now) {
        List<FactChange> facts = new ArrayList<>();
        String subject = "host " + now.host();
        if (!was.reachable() || !now.reachable()) {
            // An unreachable host's facts are nulls and falses that nobody saw: only the reachability was.
            add(facts, subject, "reachable", was.reachable(), now.reachable());
            return facts;
        }
        Map<String, Function<HostFacts, Object>> fields = new LinkedHashMap<>();
        fields.put("reachable", HostFacts::reachable);
        fields.put("engine", HostFacts::engine);
        fields.put("engineVersion", HostFacts::engineVersion);
        fields.put("apiVersion", HostFacts::apiVersion);
        fields.put("os", HostFacts::os);
        fields.put("kernel", HostFacts::kernel);
        fields.put("architecture", HostFacts::architecture);
        fields.put("runtime", HostFacts::runtime);
        fields.put("runtimeVersion", HostFacts::runtimeVersion);
        fields.put("cgroupVersion", HostFacts::cgroupVersion);
        fields.put("cgroupDriver", HostFacts::cgroupDriver);
        fields.put("seccompProfile", HostFacts::seccompProfile);
        // Order of security options is the engine's, not meaningful: compare them as sets.
        fields.put("securityOptions", h -> String.join(",", new java.util.TreeSet<>(h.securityOptions())));
        fields.put("selinux", HostFacts::selinux);
        fields.put("apparmor", HostFacts::apparmor);
        fields.put("rootless", HostFacts::rootless);
        fields.put("userns", HostFacts::userns);
        fields.put("storageDriver", HostFacts::storageDriver);
        fields.put("uidMap", h -> h.uidMap().isEmpty() ? null : String.join(", ", h.uidMap()));
        fields.put("gidMap", h -> h.gidMap().isEmpty() ? null : String.join(", ", h.gidMap()));
        fields.forEach((name, get) -> add(facts, subject, name, get.apply(was), get.apply(now)));
        return facts;
    }

    /** A value missing on one side (not probed, not reported) is not a change: only two seen values differ. */
    private static void add(List<FactChange> facts, String subject, String fact, Object before, Object after) {
        if (before == null || after == null) {
            return;
        }
        String was = String.valueOf(before);
        String now = String.valueOf(after);
        if (!Objects.equals(was, now)) {
            facts.add(new FactChange(subject, fact, was, now));
        }
    }

    private static String imageSubject(String image, String host) {
        return "image " + image + " on " + host;
    }
}
