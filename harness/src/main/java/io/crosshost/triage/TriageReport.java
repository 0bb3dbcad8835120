package io.crosshost.triage;

import java.util.List;

/** A failing cell's triage: the facts that separate it from passing cells, the reruns, and the verdict. */
public record TriageReport(String cellId, String scenario, String image, String host, List<FactDifference> facts,
                           List<VariationResult> reruns, Verdict verdict) {

    public TriageReport {
        facts = List.copyOf(facts);
        reruns = List.copyOf(reruns);
    }
}
