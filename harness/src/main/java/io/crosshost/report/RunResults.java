package io.crosshost.report;

import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.RunInfo;
import io.crosshost.result.RunTriage;
import io.crosshost.result.Status;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run as its reports hold it: what {@link io.crosshost.result.ResultListener} was told, plus how it ended.
 * {@code finishedAt} is null for a run that never finished (read back from its journal after a crash).
 * {@code triage} is null until {@code crosshost triage --all} or {@code run --triage} triaged the run; it is added
 * afterwards ({@link #withTriage}, {@link Reports#rewrite(java.nio.file.Path)}), since a run's reports are written
 * before its triage starts.
 */
public record RunResults(RunInfo run, Instant finishedAt, boolean interrupted, List<HostFacts> hosts,
                         List<ImageFacts> images, List<CellResult> cells, RunTriage triage) {

    public RunResults {
        hosts = List.copyOf(hosts);
        images = List.copyOf(images);
        cells = List.copyOf(cells);
    }

    /** A run without a triage: the constructor from before {@code triage} existed, which most callers want. */
    public RunResults(RunInfo run, Instant finishedAt, boolean interrupted, List<HostFacts> hosts,
                      List<ImageFacts> images, List<CellResult> cells) {
        this(run, finishedAt, interrupted, hosts, images, cells, null);
    }

    /** This run with {@code triage} (null: without one). */
    public RunResults withTriage(RunTriage triage) {
        return new RunResults(run, finishedAt, interrupted, hosts, images, cells, triage);
    }

    /** Every status, in declaration order, with its count (zero included, so consumers need no defaults). */
    public Map<Status, Integer> counts() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            counts.put(status, 0);
        }
        for (CellResult cell : cells) {
            counts.merge(cell.status(), 1, Integer::sum);
        }
        return counts;
    }

    /** Whether the run finished (normally or interrupted) rather than stopping without a word. */
    public boolean finished() {
        return finishedAt != null;
    }

    public Optional<HostFacts> host(String name) {
        return hosts.stream().filter(h -> h.host().equals(name)).findFirst();
    }

    public Optional<ImageFacts> image(String image, String host) {
        return images.stream().filter(i -> i.image().equals(image) && i.host().equals(host)).findFirst();
    }

    public List<CellResult> unexpected() {
        return cells.stream().filter(c -> c.status().unexpected()).toList();
    }
}
