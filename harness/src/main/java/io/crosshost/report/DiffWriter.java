package io.crosshost.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Prints a {@link RunDiff} as plain text for a terminal or a CI log ({@code crosshost diff A B}). */
public final class DiffWriter {

    private DiffWriter() {
    }

    public static String render(RunDiff diff) {
        StringBuilder out = new StringBuilder();
        try {
            write(diff, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return out.toString();
    }

    public static void write(RunDiff diff, Appendable out) throws IOException {
        out.append("baseline ").append(diff.baselineRunId()).append(" -> current ").append(diff.currentRunId())
                .append('\n');
        out.append(summary(diff)).append('\n');
        notRun(diff, out);
        section("REGRESSIONS", diff.regressions(), out);
        section("FIXES", diff.fixes(), out);
        section("OTHER STATUS CHANGES", diff.of(RunDiff.Kind.CHANGED), out);
        section("NEW CELLS", diff.added(), out);
        section("REMOVED CELLS", diff.removed(), out);
        facts("HOST CHANGES", diff.hostChanges(), out);
        facts("IMAGE CHANGES", diff.imageChanges(), out);
        drifts(diff.imageDrifts(), out);
    }

    private static void drifts(List<RunDiff.ImageDrift> drifts, Appendable out) throws IOException {
        if (drifts.isEmpty()) {
            return;
        }
        out.append('\n').append("PACKAGE DRIFT").append('\n');
        for (RunDiff.ImageDrift d : drifts) {
            out.append("  ").append(DriftText.heading(d)).append('\n');
            out.append("    ").append(DriftText.counts(d)).append('\n');
            for (String line : DriftText.packageLines(d)) {
                out.append("    ").append(line).append('\n');
            }
        }
    }

    /**
     * One line: "2 regressions, 1 fix, 0 other changes, 0 new, 0 removed", and when a run did not run some of the
     * cells, ", 196 not run in current" (in baseline).
     */
    public static String summary(RunDiff diff) {
        return plural(diff.regressions().size(), "regression") + ", " + plural(diff.fixes().size(), "fix") + ", "
                + plural(diff.of(RunDiff.Kind.CHANGED).size(), "other change") + ", " + diff.added().size()
                + " new, " + diff.removed().size() + " removed"
                + (diff.notRunInBaseline().count() > 0 ? ", " + diff.notRunInBaseline().count() + " not run in baseline" : "")
                + (diff.notRunInCurrent().count() > 0 ? ", " + diff.notRunInCurrent().count() + " not run in current" : "");
    }

    /**
     * The cells one run did not run, as one line for each run: "196 cells not run in current 2026... (the run was
     * stopped)"; empty when both ran every cell they share.
     */
    public static List<String> notRunLines(RunDiff diff) {
        List<String> lines = new java.util.ArrayList<>();
        notRunLine("baseline", diff.notRunInBaseline()).ifPresent(lines::add);
        notRunLine("current", diff.notRunInCurrent()).ifPresent(lines::add);
        return lines;
    }

    private static java.util.Optional<String> notRunLine(String side, RunDiff.NotRun notRun) {
        if (notRun.count() == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(plural(notRun.count(), "cell") + " not run in " + side + " " + notRun.runId()
                + (notRun.reason().isEmpty() ? "" : " (" + notRun.reason() + ")"));
    }

    private static void notRun(RunDiff diff, Appendable out) throws IOException {
        List<String> lines = notRunLines(diff);
        if (lines.isEmpty()) {
            return;
        }
        out.append('\n');
        for (String line : lines) {
            out.append(line).append('\n');
        }
    }

    private static void section(String title, List<RunDiff.CellChange> changes, Appendable out) throws IOException {
        if (changes.isEmpty()) {
            return;
        }
        out.append('\n').append(title).append('\n');
        for (RunDiff.CellChange change : changes) {
            out.append("  ").append(change.cellId()).append("  ").append(status(change.before())).append(" -> ")
                    .append(status(change.after())).append('\n');
            String line = Text.oneLine(change.message(), 200);
            if (!line.isEmpty() && change.after() != null) {
                out.append("      ").append(line).append('\n');
            }
            for (RunDiff.FactChange fact : change.facts()) {
                out.append("      ").append(fact(fact)).append('\n');
            }
            causes(change.likelyCauses(), out);
        }
    }

    private static void causes(List<RunDiff.LikelyCause> causes, Appendable out) throws IOException {
        if (causes.isEmpty()) {
            return;
        }
        out.append("      likely causes, most likely first:").append('\n');
        int n = 0;
        for (RunDiff.LikelyCause cause : causes.subList(0, Math.min(DriftText.CAUSES_SHOWN, causes.size()))) {
            out.append("        ").append(String.valueOf(++n)).append(". ").append(DriftText.cause(cause)).append('\n');
        }
    }

    private static void facts(String title, List<RunDiff.FactChange> facts, Appendable out) throws IOException {
        if (facts.isEmpty()) {
            return;
        }
        out.append('\n').append(title).append('\n');
        for (RunDiff.FactChange fact : facts) {
            out.append("  ").append(fact(fact)).append('\n');
        }
    }

    static String fact(RunDiff.FactChange fact) {
        return fact.subject() + ": " + fact.fact() + " " + value(fact.before()) + " -> " + value(fact.after());
    }

    private static String value(String v) {
        return v == null ? "(none)" : v;
    }

    private static String status(Object status) {
        return status == null ? "-" : status.toString();
    }

    private static String plural(int n, String word) {
        return n + " " + (n == 1 ? word : word.endsWith("x") ? word + "es" : word + "s");
    }
}
