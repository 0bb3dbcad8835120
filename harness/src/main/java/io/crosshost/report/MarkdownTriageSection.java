package io.crosshost.report;

import io.crosshost.result.RunTriage.Action;
import io.crosshost.result.RunTriage.CellVerdict;

import java.util.List;

import static io.crosshost.report.MarkdownSummaryWriter.code;
import static io.crosshost.report.MarkdownSummaryWriter.escape;

/**
 * The "Triage" section of {@code summary.md}: the headline and the cost, each cause with its cell count, culprits,
 * the workarounds a rerun confirmed and the suggestions (marked apart: a person can apply the first kind at once and
 * has to check the second), and the verdicts no cause groups. Escaped as the rest of the summary is.
 */
final class MarkdownTriageSection {

    /** A cause of a thousand cells lists this many of them; the page and results.json have them all. */
    static final int MAX_CAUSE_CELLS = 10;

    static final String CONFIRMED = "✅ confirmed by a rerun: ";
    static final String SUGGESTION = "💡 suggestion: ";

    private MarkdownTriageSection() {
    }

    static void append(TriageView triage, StringBuilder md) {
        md.append("## Triage\n\n").append(escape(triage.headline())).append(" · ").append(escape(triage.cost()))
                .append("\n\n");
        int n = 0;
        for (TriageView.CauseView cause : triage.causes()) {
            int cells = cause.cellIds().size();
            md.append(++n).append(". **").append(cells).append(cells == 1 ? " cell" : " cells").append("**: ")
                    .append(escape(Text.orEmpty(cause.cause())));
            if (!cause.components().isEmpty()) {
                md.append(" (").append(escape(String.join(", ", cause.components()))).append(')');
            }
            md.append('\n');
            if (!cause.culprits().isEmpty()) {
                md.append("   - culprits: ").append(String.join(" · ",
                        cause.culprits().stream().map(MarkdownSummaryWriter::code).toList())).append('\n');
            }
            cause.confirmed().forEach(a -> md.append("   - ").append(CONFIRMED).append(escape(a)).append('\n'));
            cause.suggestions().forEach(a -> md.append("   - ").append(SUGGESTION).append(escape(a)).append('\n'));
            md.append("   - cells: ").append(String.join(", ", cause.cellIds().stream().limit(MAX_CAUSE_CELLS)
                    .map(MarkdownSummaryWriter::code).toList()));
            if (cells > MAX_CAUSE_CELLS) {
                md.append(" …and ").append(cells - MAX_CAUSE_CELLS).append(" more");
            }
            md.append('\n');
        }
        List<CellVerdict> alone = triage.withoutCause();
        if (!alone.isEmpty()) {
            md.append(n > 0 ? "\nVerdicts without a shared cause:\n\n" : "");
            for (CellVerdict v : alone) {
                md.append("- ").append(code(v.cellId())).append(" — ").append(escape(TriageView.line(v))).append('\n');
                for (Action a : v.actions()) {
                    md.append("  - ").append(a.confirmed() ? CONFIRMED : SUGGESTION).append(escape(a.text()))
                            .append('\n');
                }
            }
        }
        md.append('\n');
    }
}
