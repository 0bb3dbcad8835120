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
 */
public final class RunDiff {

    public enum Kind { REGRESSION, FIX, NEW, REMOVED, CHANGED }

    /** One fact that differs: {@code subject} is "host docker" or "image debian-13 on docker". */
    public record FactChange(String subject, String fact, String before, String after) {
    }

    /** A cell whose status changed; {@code before} is null for a new cell, {@code after} for a removed one. */
    public record CellChange(Kind kind, String cellId, String scenario, String image, String host, Status before,
                             Status after, String message, List<FactChange> facts) {

        public CellChange {
            facts = List.copyOf(facts);
        }
    }

    private static final Set<Status> GREEN = EnumSet.of(Status.PASS, Status.FLAKY, Status.XFAIL, Status.XPASS);
    private static final Set<Status> RED = EnumSet.of(Status.FAIL, Status.ERROR);

    private final String baselineRunId;
    private final String currentRunId;
    private final List<CellChange> changes;
    private final List<FactChange> hostChanges;
    private final List<FactChange> imageChanges;

    private RunDiff(String baselineRunId, String currentRunId, List<CellChange> changes,
                    List<FactChange> hostChanges, List<FactChange> imageChanges) {
        this.baselineRunId = baselineRunId;
        this.currentRunId = currentRunId;
        this.changes = List.copyOf(changes);
        this.hostChanges = List.copyOf(hostChanges);
        this.imageChanges = List.copyOf(imageChanges);
    }

    public static RunDiff between(RunResults baseline, RunResults current) {
        Map<String, CellResult> before = index(baseline.cells());
        Map<String, CellResult> after = index(current.cells());
        List<CellChange> changes = new ArrayList<>();
        for (CellResult now : after.values()) {
            CellResult was = before.get(now.cellId());
            if (was == null) {
                changes.add(change(Kind.NEW, null, now, List.of()));
            } else if (was.status() != now.status()) {
                changes.add(change(kind(was.status(), now.status()), was, now,
                        cellFacts(baseline, was, current, now)));
            }
        }
        for (CellResult was : before.values()) {
            if (!after.containsKey(was.cellId())) {
                changes.add(change(Kind.REMOVED, was, null, List.of()));
            }
        }
        List<FactChange> hosts = new ArrayList<>();
        for (HostFacts now : current.hosts()) {
            baseline.host(now.host()).ifPresent(was -> hosts.addAll(hostFacts(was, now)));
        }
        List<FactChange> images = new ArrayList<>();
        for (ImageFacts now : current.images()) {
            baseline.image(now.image(), now.host()).ifPresent(was -> images.addAll(imageFacts(was, now, true)));
        }
        return new RunDiff(baseline.run().runId(), current.run().runId(), changes, hosts, images);
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

    public boolean isEmpty() {
        return changes.isEmpty() && hostChanges.isEmpty() && imageChanges.isEmpty();
    }

    private static Map<String, CellResult> index(List<CellResult> cells) {
        Map<String, CellResult> index = new LinkedHashMap<>();
        cells.forEach(c -> index.put(c.cellId(), c));
        return index;
    }

    private static CellChange change(Kind kind, CellResult was, CellResult now, List<FactChange> facts) {
        CellResult any = now != null ? now : was;
        return new CellChange(kind, any.cellId(), any.scenario(), any.image(), any.host(),
                was == null ? null : was.status(), now == null ? null : now.status(), any.message(), facts);
    }

    /** The facts that differ between the image and host this cell ran against then and now. */
    private static List<FactChange> cellFacts(RunResults baseline, CellResult was, RunResults current,
                                              CellResult now) {
        List<FactChange> facts = new ArrayList<>();
        String imageSubject = imageSubject(now.image(), now.host());
        boolean cellDigests = was.imageDigest() != null || now.imageDigest() != null;
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
        fields.forEach((name, get) -> add(facts, subject, name, get.apply(was), get.apply(now)));
        return facts;
    }

    private static void add(List<FactChange> facts, String subject, String fact, Object before, Object after) {
        String was = before == null ? null : String.valueOf(before);
        String now = after == null ? null : String.valueOf(after);
        if (!Objects.equals(was, now)) {
            facts.add(new FactChange(subject, fact, was, now));
        }
    }

    private static String imageSubject(String image, String host) {
        return "image " + image + " on " + host;
    }
}
