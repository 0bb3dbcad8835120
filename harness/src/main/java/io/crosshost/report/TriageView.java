package io.crosshost.report;

import io.crosshost.result.RunTriage;
import io.crosshost.result.RunTriage.Action;
import io.crosshost.result.RunTriage.Cause;
import io.crosshost.result.RunTriage.CellVerdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A run's triage as the writers show it: each cause with what its cells' verdicts say together (the culprits, the
 * confirmed workarounds, the suggestions), the verdict of a cell by id, and the lines every report prints the same
 * way (the headline, the cost). One place, so the page, the summary and junit.xml never word a triage differently.
 */
final class TriageView {

    /** A cause and the union of its cells' verdicts, each list in first-seen order without repeats. */
    record CauseView(String cause, List<String> cellIds, List<String> components, List<String> culprits,
                     List<String> confirmed, List<String> suggestions) {
    }

    private final RunTriage triage;
    private final Map<String, CellVerdict> byCell = new HashMap<>();
    private final List<CauseView> causes = new ArrayList<>();

    private TriageView(RunTriage triage) {
        this.triage = triage;
        triage.cells().forEach(v -> byCell.putIfAbsent(v.cellId(), v));
        for (Cause cause : triage.causes()) {
            Set<String> components = new LinkedHashSet<>();
            Set<String> culprits = new LinkedHashSet<>();
            Set<String> confirmed = new LinkedHashSet<>();
            Set<String> suggestions = new LinkedHashSet<>();
            for (String id : cause.cellIds()) {
                CellVerdict v = byCell.get(id);
                if (v == null) {
                    continue;
                }
                if (v.component() != null) {
                    components.add(v.component());
                }
                culprits.addAll(v.culprits());
                for (Action a : v.actions()) {
                    (a.confirmed() ? confirmed : suggestions).add(a.text());
                }
            }
            // A suggestion that a rerun confirmed for another cell of the cause is confirmed; saying both misleads.
            suggestions.removeAll(confirmed);
            causes.add(new CauseView(cause.cause(), cause.cellIds(), List.copyOf(components), List.copyOf(culprits),
                    List.copyOf(confirmed), List.copyOf(suggestions)));
        }
    }

    /** Null when the run has no triage. */
    static TriageView of(RunResults results) {
        return results.triage() == null ? null : new TriageView(results.triage());
    }

    RunTriage triage() {
        return triage;
    }

    List<CauseView> causes() {
        return causes;
    }

    CellVerdict verdict(String cellId) {
        return byCell.get(cellId);
    }

    /** The verdicts no cause lists, in the triage's order. */
    List<CellVerdict> withoutCause() {
        Set<String> grouped = new java.util.HashSet<>();
        triage.causes().forEach(c -> grouped.addAll(c.cellIds()));
        return triage.cells().stream().filter(v -> !grouped.contains(v.cellId())).toList();
    }

    /** "8 cells triaged, one cause: faccessat2 (EPERM) denied by docker-legacy", or "..., 3 causes". */
    String headline() {
        int cells = triage.cells().size();
        String head = cells + (cells == 1 ? " cell" : " cells") + " triaged";
        return switch (causes.size()) {
            case 0 -> head;
            case 1 -> head + ", one cause: " + Text.orEmpty(causes.get(0).cause());
            default -> head + ", " + causes.size() + " causes";
        };
    }

    /** "triage: 19 reruns and 8 probe containers in 32.9 s". */
    String cost() {
        return "triage: " + plural(triage.reruns(), "rerun") + " and " + plural(triage.probes(), "probe container")
                + " in " + seconds(triage.seconds());
    }

    /** "SECCOMP: faccessat2 (EPERM), libc6 2.31 -> 2.36", the one line a verdict gets where there is only one. */
    static String line(CellVerdict v) {
        String component = Text.orEmpty(v.component());
        if (v.culprits().isEmpty()) {
            String summary = Text.orEmpty(v.summary());
            return summary.isEmpty() ? component : component + ": " + summary;
        }
        return component + ": " + String.join(", ", v.culprits());
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
