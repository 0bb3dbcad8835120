package io.crosshost.triage;

import java.util.List;

/**
 * A failing cell's triage: the facts that separate it from passing cells, the reruns under each variation, the
 * verdict, what pinpointing named below it (syscall, capability, package), and what it all cost.
 */
public record TriageReport(String cellId, String scenario, String image, String host, List<FactDifference> facts,
                           List<VariationResult> reruns, Verdict verdict, List<Pinpointed> pinpoints, int rerunCount,
                           int probeCount, double seconds) {

    public TriageReport {
        facts = List.copyOf(facts);
        reruns = List.copyOf(reruns);
        pinpoints = List.copyOf(pinpoints);
    }
}
