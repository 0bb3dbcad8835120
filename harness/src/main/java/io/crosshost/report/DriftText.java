package io.crosshost.report;

import io.crosshost.pinpoint.PackageDiff;

import java.util.ArrayList;
import java.util.List;

/**
 * The words every report uses for what moved under the cells (one wording for the terminal, summary.md and the page):
 * an image drift's heading, its counts and one line per package change, and a regressed cell's likely causes.
 */
final class DriftText {

    /** Likely causes a report shows under a regressed cell; results keep {@link Drift#CAUSES_PER_CELL}. */
    static final int CAUSES_SHOWN = 5;

    private DriftText() {
    }

    /** "image base on docker, docker-legacy: sha256:21fae41eb0c0 -> sha256:96c0f115ab21". */
    static String heading(RunDiff.ImageDrift d) {
        return "image " + d.image() + " on " + String.join(", ", d.hosts()) + ": " + shortId(d.digestBefore()) + " -> "
                + shortId(d.digestAfter());
    }

    /** "97 package changes: 20 added, 15 removed, 60 upgraded, 2 downgraded", or the note when there are no lists. */
    static String counts(RunDiff.ImageDrift d) {
        PackageDiff p = d.packages();
        String counts = p == null ? "" : p.size() + " package change" + (p.size() == 1 ? "" : "s") + ": " + p.added().size()
                + " added, " + p.removed().size() + " removed, " + p.upgraded().size() + " upgraded, "
                + p.downgraded().size() + " downgraded";
        if (d.note() == null) {
            return counts;
        }
        return counts.isEmpty() ? d.note() : counts + " (" + d.note() + ")";
    }

    /** One line per change: upgraded and downgraded first (name, old -> new), then added, then removed. */
    static List<String> packageLines(RunDiff.ImageDrift d) {
        List<String> lines = new ArrayList<>();
        PackageDiff p = d.packages();
        if (p == null) {
            return lines;
        }
        p.upgraded().forEach(c -> lines.add("upgraded   " + c.describe()));
        p.downgraded().forEach(c -> lines.add("downgraded " + c.describe()));
        p.added().forEach(a -> lines.add("added      " + a.label()));
        p.removed().forEach(r -> lines.add("removed    " + r.label()));
        return lines;
    }

    /** "libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14 (upgraded: the C library makes the system calls ...)". */
    static String cause(RunDiff.LikelyCause c) {
        return c.change() + " (" + c.kind() + ": " + c.reason() + ")";
    }

    /** sha256:21fae41eb0c0e1... -> sha256:21fae41eb0c0: enough to tell two images apart in a line. */
    static String shortId(String digest) {
        if (digest == null) {
            return "(none)";
        }
        int colon = digest.lastIndexOf(':');
        String hex = digest.substring(colon + 1);
        return digest.substring(0, colon + 1) + hex.substring(0, Math.min(12, hex.length()));
    }
}
