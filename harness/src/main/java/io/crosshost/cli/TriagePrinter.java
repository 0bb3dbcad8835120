package io.crosshost.cli;

import io.crosshost.result.RunTriage;
import io.crosshost.triage.FactDifference;
import io.crosshost.triage.Pinpointed;
import io.crosshost.triage.TriageReport;
import io.crosshost.triage.VariationResult;

import java.io.PrintStream;

/** A triage as a person reads it in a terminal: verdict, what pinpointing named and what to do, reruns, facts, cost. */
final class TriagePrinter {

    /** Package facts printed per triaged cell; the rest are counted. */
    static final int PACKAGE_FACTS_SHOWN = 10;

    private TriagePrinter() {
    }

    static void print(PrintStream out, TriageReport report) {
        out.println();
        out.println("verdict: " + report.verdict().component() + ": " + report.verdict().summary());
        for (Pinpointed p : report.pinpoints()) {
            out.println();
            out.println(p.kind() + ": " + (p.culprits().isEmpty() ? "not named" : String.join(", ", p.culprits())));
            out.println("  " + p.summary());
            p.actions().forEach(a -> out.println("  " + a.line()));
            out.printf("  (%d reruns, %d probe containers, %.1f s)%n", p.reruns(), p.probes(), p.seconds());
        }
        out.println();
        out.println("reruns on " + report.host() + ":");
        for (VariationResult r : report.reruns()) {
            out.printf("  %-22s %-5s%s%n", r.variation(), r.status(), r.passed() && !r.variation().equals("as is") ? "  <- flips the result" : "");
        }
        if (!report.facts().isEmpty()) {
            out.println();
            out.println("facts that separate failing from passing cells of " + report.scenario() + ":");
            int packages = 0;
            for (FactDifference f : report.facts()) {
                // The packages of an image that moved differ by the hundred: the first few say enough.
                if (f.isPackage() && ++packages > PACKAGE_FACTS_SHOWN) {
                    continue;
                }
                out.printf("  %-16s %s here; %s where it passes (separation %.2f)%n", f.fact(), f.failingValue(),
                        String.join(" / ", f.passingValues()), f.separation());
            }
            if (packages > PACKAGE_FACTS_SHOWN) {
                out.println("  ... and " + (packages - PACKAGE_FACTS_SHOWN) + " more packages that differ (the image's SBOM lists them all)");
            }
        }
        out.println();
        out.printf("triage cost: %d reruns and %d probe containers in %.1f s%n", report.rerunCount(), report.probeCount(), report.seconds());
    }

    /** A run's triage: one line per cause with its cells, then the cost. */
    static void printCauses(PrintStream out, RunTriage triage, int probeReadingsShared) {
        out.println();
        if (triage.cells().isEmpty()) {
            out.println("triage: no FAIL, ERROR or XPASS cell in run " + triage.runId() + "; nothing to explain");
            return;
        }
        for (RunTriage.Cause cause : triage.causes()) {
            int n = cause.cellIds().size();
            out.println(n + (n == 1 ? " cell" : " cells, one cause") + ": " + cause.cause());
            cause.cellIds().forEach(id -> out.println("    " + id));
        }
        out.printf("triage of %d cells: %d reruns and %d probe containers in %.1f s (%d probe readings shared between cells)%n",
                triage.cells().size(), triage.reruns(), triage.probes(), triage.seconds(), probeReadingsShared);
    }
}
