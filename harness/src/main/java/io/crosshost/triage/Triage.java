package io.crosshost.triage;

import io.crosshost.matrix.Cell;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Triage of one failing cell: compares its facts with the passing cells of the same scenario, reruns it on
 * its own host as is and under each variation, and decides which component breaks it.
 */
public final class Triage {

    private Triage() {
    }

    /**
     * @param scenarioCells every cell of the failing cell's scenario in the run (the failing one included)
     * @param hostFacts     facts by host name
     * @param imageFacts    facts by {@code image@host}
     */
    public static TriageReport run(Cell cell, CellResult failing, List<CellResult> scenarioCells, Map<String, HostFacts> hostFacts,
                                   Map<String, ImageFacts> imageFacts, HostSession session, RunContext run, TriageScope scope)
            throws InterruptedException {
        long t0 = System.nanoTime();
        List<FactDifference> ranking = rank(failing, scenarioCells, hostFacts, imageFacts);
        Reruns reruns = new Reruns(cell, session, run);
        List<VariationResult> results = new ArrayList<>();
        List<Variation> variations = new ArrayList<>();
        variations.add(Variation.AS_IS);
        variations.addAll(Variation.standard(reruns.spec()));
        for (Variation variation : variations) {
            results.add(reruns.run(variation));
            if (variation == Variation.AS_IS && results.get(0).passed()) {
                break; // nothing to explain
            }
        }
        ImageFacts facts = imageFacts.get(cell.image().name() + "@" + cell.host().name());
        Verdict verdict = VerdictRules.decide(failing, facts, scenarioCells, ranking, results);
        List<Pinpointed> pinpoints = verdict.component() == Component.NOT_REPRODUCIBLE ? List.of()
                : Pinpoints.find(cell, verdict, results, scenarioCells, imageFacts, reruns, session, run, scope);
        verdict = Pinpoints.sharpen(verdict, pinpoints);
        int probes = pinpoints.stream().mapToInt(Pinpointed::probes).sum();
        return new TriageReport(cell.id(), cell.scenario().id(), cell.image().name(), cell.host().name(), ranking, results, verdict,
                pinpoints, reruns.count(), probes, (System.nanoTime() - t0) / 1e9);
    }

    static List<FactDifference> rank(CellResult failing, List<CellResult> scenarioCells, Map<String, HostFacts> hostFacts,
                                     Map<String, ImageFacts> imageFacts) {
        List<Map<String, String>> failingFacts = new ArrayList<>();
        List<Map<String, String>> passingFacts = new ArrayList<>();
        for (CellResult c : scenarioCells) {
            Map<String, String> facts = CellFacts.of(hostFacts.get(c.host()), imageFacts.get(c.image() + "@" + c.host()));
            switch (c.status()) {
                case PASS, FLAKY, XPASS -> passingFacts.add(facts);
                case FAIL, XFAIL -> failingFacts.add(facts);
                default -> { }
            }
        }
        Map<String, String> self = CellFacts.of(hostFacts.get(failing.host()), imageFacts.get(failing.image() + "@" + failing.host()));
        return FactsRanking.rank(self, failingFacts, passingFacts);
    }
}
