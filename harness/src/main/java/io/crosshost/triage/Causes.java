package io.crosshost.triage;

import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.RunTriage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's triaged cells as the reports hold them, grouped by cause: cells whose verdicts name the same culprit on
 * the same host ("faccessat2 (EPERM) denied by docker-legacy's seccomp profile") are one cause however many images
 * show it, since one fix (or one workaround) answers them all.
 */
public final class Causes {

    private Causes() {
    }

    public static RunTriage.CellVerdict verdictOf(TriageReport report) {
        List<String> culprits = new ArrayList<>();
        List<RunTriage.Action> actions = new ArrayList<>();
        for (Pinpointed p : report.pinpoints()) {
            culprits.addAll(p.culprits());
            p.actions().forEach(a -> actions.add(new RunTriage.Action(a.text(), a.confirmed())));
        }
        return new RunTriage.CellVerdict(report.cellId(), report.verdict().component().name(), report.verdict().summary(), culprits,
                actions, report.rerunCount(), report.seconds());
    }

    /** A cell the harness could not run, or one whose known failure did not reproduce: no reruns explain these. */
    public static RunTriage.CellVerdict withoutReruns(CellResult cell) {
        return withoutReruns(cell, null);
    }

    /**
     * The same, with the host's facts: a cell whose image the host cannot store (no container, so nothing to rerun) is
     * explained by the host's user-namespace mapping and the id the engine said it could not map.
     */
    public static RunTriage.CellVerdict withoutReruns(CellResult cell, HostFacts host) {
        String first = cell.message() == null ? "" : cell.message().lines().findFirst().orElse("");
        if (cell.imageUnusable()) {
            String mapping = host == null ? null
                    : UserNamespaceWords.mapping(host.uidMap()).orElse(null);
            String needed = UserNamespaceWords.neededId(cell.message()).orElse(null);
            String summary = "image not usable on " + cell.host() + ": "
                    + (mapping != null ? "its containers get " + mapping : "its containers get a user namespace")
                    + (needed != null ? ", and the image needs " + needed : ", and the image needs an id outside it")
                    + "; the engine cannot store a file whose owner it cannot map";
            return new RunTriage.CellVerdict(cell.cellId(), Component.USER_NAMESPACE.name(), summary, List.of(),
                    List.of(new RunTriage.Action("give the host's user a larger subordinate range (/etc/subuid, /etc/subgid), "
                            + "or rebuild the image with its files owned by ids below 65536", false)), 0, 0);
        }
        return switch (cell.status()) {
            case XPASS -> new RunTriage.CellVerdict(cell.cellId(), "XPASS", "the known failure (" + cell.knownFailure()
                    + ") did not happen: the bug may be fixed on this host and image", List.of(),
                    List.of(new RunTriage.Action("remove the known failure once the fix is confirmed"
                            + (cell.bug() != null ? " (" + cell.bug() + ")" : ""), false)), 0, 0);
            default -> new RunTriage.CellVerdict(cell.cellId(), "ERROR", first, List.of(), List.of(), 0, 0);
        };
    }

    /** The cause a cell's verdict names, as the one line that groups it with others. */
    public static String causeOf(RunTriage.CellVerdict verdict, TriageReport report) {
        String host = verdict.cellId().substring(verdict.cellId().lastIndexOf('@') + 1);
        if (report != null) {
            boolean runtime = report.verdict().component() == Component.OCI_RUNTIME;
            for (Pinpointed p : report.pinpoints()) {
                if (!p.culprits().isEmpty() && p.kind().equals("syscall") && runtime) {
                    return String.join(", ", p.culprits()) + " under " + host + "'s OCI runtime (the same profile passes with runc)";
                }
                if (!p.culprits().isEmpty() && p.kind().equals("syscall")) {
                    return String.join(", ", p.culprits()) + " denied by " + host + "'s seccomp profile";
                }
                if (!p.culprits().isEmpty() && p.kind().equals("capability")) {
                    return String.join(", ", p.culprits()) + " missing from what " + host + " grants";
                }
            }
            return report.verdict().component().description() + " on " + host;
        }
        return switch (verdict.component()) {
            case "XPASS" -> "known failures that no longer reproduce";
            case "USER_NAMESPACE" -> "images with ids outside " + host + "'s user namespace";
            default -> "the harness could not run the cell: " + verdict.summary();
        };
    }

    /** Groups cells by their cause line, causes ordered by their first cell. */
    public static List<RunTriage.Cause> group(List<RunTriage.CellVerdict> verdicts, Map<String, String> causeByCell) {
        Map<String, List<String>> byCause = new LinkedHashMap<>();
        for (RunTriage.CellVerdict v : verdicts) {
            byCause.computeIfAbsent(causeByCell.get(v.cellId()), c -> new ArrayList<>()).add(v.cellId());
        }
        List<RunTriage.Cause> causes = new ArrayList<>();
        byCause.forEach((cause, cells) -> causes.add(new RunTriage.Cause(cause, cells)));
        return causes;
    }
}
