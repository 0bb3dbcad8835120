package io.crosshost.report;

import io.crosshost.result.CellResult;
import io.crosshost.result.Status;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code summary.md}: what a person reads in a chat message or a pull request before opening the HTML page.
 * Run, counts, what preparing the images did (pulls), a compact grid, the unexpected results with their reproducers, and the baseline diff when there is
 * one. GitHub renders HTML inside Markdown, so every text from a run is backslash-escaped or fenced.
 */
final class MarkdownSummaryWriter {

    /** Past this many columns a Markdown table is unreadable; the page has the grid. */
    static final int MAX_GRID_COLUMNS = 24;
    /** Past this many rows, only scenarios with a cell that is not PASS or SKIP are listed. */
    static final int MAX_GRID_ROWS = 60;
    static final int MAX_UNEXPECTED = 50;

    private MarkdownSummaryWriter() {
    }

    static void write(RunResults results, RunDiff diff, Path target) throws IOException {
        AtomicFiles.write(target, render(results, diff));
    }

    static String symbol(Status status) {
        return switch (status) {
            case PASS -> "✅";
            case FAIL -> "❌";
            case ERROR -> "💥";
            case SKIP -> "⏭️";
            case XFAIL -> "🟡";
            case XPASS -> "⚠️";
            case FLAKY -> "🔁";
        };
    }

    static String render(RunResults results, RunDiff diff) {
        StringBuilder md = new StringBuilder();
        md.append("# Crosshost run ").append(code(results.run().runId())).append("\n\n");
        List<String> meta = new ArrayList<>();
        if (results.run().matrix() != null) {
            meta.add("matrix " + code(results.run().matrix()));
        }
        if (results.run().startedAt() != null) {
            meta.add("started " + results.run().startedAt());
        }
        if (results.run().startedAt() != null && results.finishedAt() != null) {
            meta.add("took " + seconds(Duration.between(results.run().startedAt(), results.finishedAt())));
        }
        if (results.run().shard() != null) {
            meta.add("shard " + code(results.run().shard()));
        }
        md.append(String.join(" · ", meta)).append("\n\n");
        if (!results.finished()) {
            md.append("> **This run did not finish**: these are the cells that had finished when it stopped.\n\n");
        } else if (results.interrupted()) {
            md.append("> **This run was interrupted**: cells that never ran are missing or skipped.\n\n");
        }
        List<CellResult> unexpected = results.unexpected();
        md.append("**").append(unexpected.size()).append(" unexpected** of ").append(results.cells().size())
                .append(" cells: ");
        List<String> counts = new ArrayList<>();
        results.counts().forEach((status, n) -> counts.add(symbol(status) + " " + status + " " + n));
        md.append(String.join(" · ", counts)).append("\n\n");
        MarkdownPreparationLine.of(results.images()).ifPresent(line -> md.append(line).append("\n\n"));
        grid(results, md);
        MarkdownDriftSection.packages(results, md);
        TriageView triage = TriageView.of(results);
        if (triage != null) {
            MarkdownTriageSection.append(triage, md);
        }
        if (!unexpected.isEmpty()) {
            md.append("## Unexpected results\n\n");
            int n = 0;
            for (CellResult cell : unexpected) {
                if (++n > MAX_UNEXPECTED) {
                    md.append("\n…and ").append(unexpected.size() - MAX_UNEXPECTED)
                            .append(" more in index.html and results.json.\n");
                    break;
                }
                md.append(n).append(". ").append(symbol(cell.status())).append(" **").append(cell.status())
                        .append("** ").append(code(cell.cellId()));
                String line = Text.oneLine(cell.message(), 300);
                if (!line.isEmpty()) {
                    md.append(" — ").append(escape(line));
                }
                md.append('\n');
                var verdict = triage == null ? null : triage.verdict(cell.cellId());
                if (verdict != null) {
                    md.append("   - triage: ").append(escape(TriageView.line(verdict))).append('\n');
                }
                if (cell.reproducer() != null) {
                    md.append(fenced(cell.reproducer(), "   "));
                }
            }
            md.append('\n');
        }
        if (diff != null) {
            diff(diff, md);
        }
        return md.toString();
    }

    private static void grid(RunResults results, StringBuilder md) {
        var layout = HtmlReportWriter.layout(results);
        List<String[]> columns = new ArrayList<>();
        layout.get("hosts").forEach(h -> h.get("images")
                .forEach(i -> columns.add(new String[] {h.get("name").asText(), i.asText()})));
        if (columns.isEmpty()) {
            return;
        }
        if (columns.size() > MAX_GRID_COLUMNS) {
            md.append("The grid has ").append(columns.size()).append(" columns; see index.html.\n\n");
            return;
        }
        Map<String, CellResult> cells = new HashMap<>();
        results.cells().forEach(c -> cells.put(c.scenario() + "\u0000" + c.image() + "\u0000" + c.host(), c));
        List<String> scenarios = new ArrayList<>();
        layout.get("scenarios").forEach(s -> scenarios.add(s.asText()));
        boolean onlyNotPassing = scenarios.size() > MAX_GRID_ROWS;
        md.append("## Grid\n\n| scenario |");
        columns.forEach(c -> md.append(' ').append(escape(c[0])).append("<br>").append(escape(c[1])).append(" |"));
        md.append("\n|---|");
        columns.forEach(c -> md.append(":-:|"));
        md.append('\n');
        int omitted = 0;
        for (String scenario : scenarios) {
            StringBuilder row = new StringBuilder("| ").append(escape(scenario)).append(" |");
            boolean interesting = false;
            for (String[] c : columns) {
                CellResult cell = cells.get(scenario + "\u0000" + c[1] + "\u0000" + c[0]);
                row.append(' ').append(cell == null ? "" : symbol(cell.status())).append(" |");
                interesting |= cell != null && cell.status() != Status.PASS && cell.status() != Status.SKIP;
            }
            if (onlyNotPassing && !interesting) {
                omitted++;
                continue;
            }
            md.append(row).append('\n');
        }
        md.append('\n');
        if (omitted > 0) {
            md.append(omitted).append(" scenarios where every cell passed or was skipped are left out.\n\n");
        }
        md.append("✅ PASS · ❌ FAIL · 💥 ERROR · ⏭️ SKIP · 🟡 XFAIL (expected failure) · ⚠️ XPASS (expected to fail, "
                + "passed) · 🔁 FLAKY (passed on retry) · blank: not in the matrix\n\n");
    }

    private static void diff(RunDiff diff, StringBuilder md) {
        md.append("## Compared with baseline ").append(code(diff.baselineRunId())).append("\n\n");
        md.append(DiffWriter.summary(diff)).append("\n\n");
        List<String> notRun = DiffWriter.notRunLines(diff);
        if (!notRun.isEmpty()) {
            md.append(escape(String.join("; ", notRun))).append(".\n\n");
        }
        for (RunDiff.CellChange change : diff.changes()) {
            md.append("- ").append(change.kind().name().toLowerCase()).append(' ').append(code(change.cellId()))
                    .append(' ').append(change.before() == null ? "–" : change.before().name()).append(" → ")
                    .append(change.after() == null ? "–" : change.after().name());
            String line = Text.oneLine(change.message(), 200);
            if (!line.isEmpty() && change.after() != null) {
                md.append(" — ").append(escape(line));
            }
            md.append('\n');
            for (RunDiff.FactChange fact : change.facts()) {
                md.append("  - ").append(escape(DiffWriter.fact(fact))).append('\n');
            }
            MarkdownDriftSection.causes(change, md);
        }
        if (!diff.hostChanges().isEmpty() || !diff.imageChanges().isEmpty()) {
            md.append("\nHost and image facts that changed:\n\n");
            diff.hostChanges().forEach(f -> md.append("- ").append(escape(DiffWriter.fact(f))).append('\n'));
            diff.imageChanges().forEach(f -> md.append("- ").append(escape(DiffWriter.fact(f))).append('\n'));
        }
        MarkdownDriftSection.drift(diff, md);
        md.append('\n');
    }

    /** Inline text: one line, every Markdown and HTML meta character backslash-escaped. */
    static String escape(String text) {
        String line = Text.visibleControls(text).replace('\n', ' ').replace('\t', ' ');
        StringBuilder out = new StringBuilder(line.length() + 8);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ("\\`*_{}[]()<>#+-.!|~&".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A code span whose fence is longer than any run of backticks inside it. */
    static String code(String text) {
        String line = Text.visibleControls(text).replace('\n', ' ');
        String fence = "`".repeat(longestBacktickRun(line) + 1);
        String pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
        return fence + pad + line + pad + fence;
    }

    static String fenced(String text, String indent) {
        String body = Text.visibleControls(text);
        String fence = "`".repeat(Math.max(3, longestBacktickRun(body) + 1));
        StringBuilder out = new StringBuilder();
        out.append(indent).append(fence).append("sh\n");
        for (String line : body.split("\n", -1)) {
            out.append(indent).append(line).append('\n');
        }
        out.append(indent).append(fence).append('\n');
        return out.toString();
    }

    private static int longestBacktickRun(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static String seconds(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + " s" : s / 60 + " min " + s % 60 + " s";
    }
}
