package io.crosshost.report;

import io.crosshost.pinpoint.PackageDiff;
import io.crosshost.result.Status;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What changed between a baseline run and the current one, cell by cell (cells match by id,
 * {@code scenario/image@host}), and for each changed cell which facts of its image and host changed, which is
 * usually the answer to "why".
 *
 * <p>The rules, by the status before and after ({@link #kind}):
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
 * {@link #imageChanges()} list those for the whole run. A cell that one of the runs did not run is not a change
 * either, only counted ({@link #notRunInBaseline()}, {@link #notRunInCurrent()}; see {@link CellComparison}).
 *
 * <p>This record and its nested records are the diff's data, which the writers read and the classes that work it
 * out build ({@link RunComparison} and the class of each job); it holds no more than the data, the status rules and
 * {@link #between}, which its callers know it by.
 *
 * @param changes          every changed cell: regressions first, then fixes, other changes, new and removed cells
 * @param hostChanges      facts of hosts present in both runs that differ, whether or not any cell changed
 * @param imageChanges     facts of images (per host) present in both runs that differ
 * @param imageDrifts      every image whose digest or id changed, with its package changes: the answer to "what moved
 *                         under the tag"
 * @param notRunInBaseline the cells the baseline did not run (stopped before them, or died) that the current run ran
 *                         or dropped
 * @param notRunInCurrent  the cells the current run did not run (stopped before them, or died), whatever the baseline
 *                         said of them
 */
public record RunDiff(String baselineRunId, String currentRunId, List<CellChange> changes, List<FactChange> hostChanges,
                      List<FactChange> imageChanges, List<ImageDrift> imageDrifts, NotRun notRunInBaseline,
                      NotRun notRunInCurrent) {

    public enum Kind { REGRESSION, FIX, NEW, REMOVED, CHANGED }

    /** How the changes are listed: regressions first, then fixes, other changes, new and removed cells. */
    private static final List<Kind> LISTED = List.of(Kind.REGRESSION, Kind.FIX, Kind.CHANGED, Kind.NEW, Kind.REMOVED);

    private static final Set<Status> GREEN = EnumSet.of(Status.PASS, Status.FLAKY, Status.XFAIL, Status.XPASS);
    private static final Set<Status> RED = EnumSet.of(Status.FAIL, Status.ERROR);

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
                             String imageIdAfter, PackageDiff packages, String note) {

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

    /** {@code changes} in any order; the diff keeps them in the order they are listed (see {@link #changes()}). */
    public RunDiff {
        // A stable sort: within a kind, the cells keep the order they were compared in.
        changes = changes.stream().sorted(Comparator.comparingInt(c -> LISTED.indexOf(c.kind()))).toList();
        hostChanges = List.copyOf(hostChanges);
        imageChanges = List.copyOf(imageChanges);
        imageDrifts = List.copyOf(imageDrifts);
    }

    /** The diff of two runs; {@link RunComparison} works it out. */
    public static RunDiff between(RunResults baseline, RunResults current) {
        return RunComparison.between(baseline, current);
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

    public boolean isEmpty() {
        return changes.isEmpty() && hostChanges.isEmpty() && imageChanges.isEmpty() && imageDrifts.isEmpty()
                && notRunInBaseline.count() == 0 && notRunInCurrent.count() == 0;
    }
}
