package io.crosshost.cli;

import io.crosshost.result.CellResult;
import io.crosshost.result.PullProgress;
import io.crosshost.result.ResultListener;
import io.crosshost.result.RunInfo;
import io.crosshost.result.Status;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shows a run as it goes: each unexpected or noteworthy cell as a line when it finishes, and a progress line
 * (done/total, counts, ETA) that redraws in place on a terminal and prints every few seconds in a CI log. Pulls: on a
 * terminal, the pulls under way (layers and bytes) join the live line; every pull, terminal or log, ends as one line.
 */
final class ProgressPrinter implements ResultListener {

    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final PrintStream out;
    private final boolean terminal;
    private final Map<Status, Integer> counts = new EnumMap<>(Status.class);
    private final Map<String, PullProgress> pulling = new TreeMap<>();
    private int total;
    private int done;
    private long startNanos;
    private long lastLogNanos;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void runStarted(RunInfo run) {
        total = run.plannedCells().size();
        startNanos = System.nanoTime();
        out.println("crosshost: run " + run.runId() + ", matrix " + run.matrix() + ", " + total + " cells"
                + (run.shard() != null ? ", shard " + run.shard() : ""));
    }

    @Override
    public synchronized void cellFinished(CellResult result) {
        done++;
        counts.merge(result.status(), 1, Integer::sum);
        if (result.status() != Status.PASS && result.status() != Status.SKIP) {
            clearLine();
            String firstLine = result.message() == null ? "" : result.message().lines().findFirst().orElse("");
            out.printf("%-5s %s / %s @ %s  %s%n", result.status(), result.scenario(), result.image(), result.host(),
                    abbreviate(firstLine, 100));
        }
        long now = System.nanoTime();
        if (terminal) {
            out.print("\r" + line());
            out.flush();
        } else if (now - lastLogNanos > LOG_EVERY_NANOS || done == total) {
            lastLogNanos = now;
            out.println(line());
        }
    }

    @Override
    public synchronized void pullProgress(PullProgress pull) {
        String key = pull.image() + "@" + pull.host();
        if (!pull.finished()) {
            pulling.put(key, pull);
            if (terminal) {
                out.print("\r\033[K" + line());
                out.flush();
            }
            return;
        }
        pulling.remove(key);
        clearLine();
        out.println(pullLine(pull));
        if (terminal) {
            out.print(line());
            out.flush();
        }
    }

    /** "pulled R on host H from registry G: 2 layers, 31.2 MB in 1.4 s, sha256:..." or the failure's one line. */
    static String pullLine(PullProgress pull) {
        if (pull.error() != null) {
            return String.format(Locale.ROOT, "PULL  %s (after %.1f s)", pull.error(), pull.elapsed().toMillis() / 1000.0);
        }
        return String.format(Locale.ROOT, "pull  %s on host %s from registry %s: %s, %s in %.1f s, %s", pull.reference(), pull.host(),
                pull.registry(), pull.layers() == 0 ? "no layer to download" : pull.layers() == 1 ? "1 layer" : pull.layers() + " layers",
                size(pull.bytesTotal()),
                pull.elapsed().toMillis() / 1000.0, pull.digest());
    }

    private static String pullsUnderWay(Map<String, PullProgress> pulls) {
        StringBuilder s = new StringBuilder();
        pulls.forEach((key, p) -> s.append("  pulling ").append(key).append(' ').append(p.layersDone()).append('/').append(p.layers())
                .append(" layers ").append(size(p.bytesDone())).append('/').append(size(p.bytesTotal())));
        return s.toString();
    }

    private static String size(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1000.0) : String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    @Override
    public synchronized void runFinished(RunInfo run, boolean interrupted) {
        clearLine();
        out.println((interrupted ? "crosshost: run interrupted: " : "crosshost: done: ") + line());
    }

    private void clearLine() {
        if (terminal) {
            out.print("\r\033[K");
        }
    }

    String line() {
        StringBuilder s = new StringBuilder(String.format("[%d/%d]", done, total));
        for (Status status : Status.values()) {
            int n = counts.getOrDefault(status, 0);
            if (n > 0) {
                s.append(' ').append(status.name().toLowerCase()).append(' ').append(n);
            }
        }
        long elapsed = System.nanoTime() - startNanos;
        s.append("  elapsed ").append(clock(Duration.ofNanos(elapsed)));
        if (done > 0 && done < total) {
            s.append("  ETA ").append(clock(Duration.ofNanos(elapsed / done * (total - done))));
        }
        if (terminal) {
            s.append(pullsUnderWay(pulling));
        }
        return s.toString();
    }

    private static String clock(Duration d) {
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
