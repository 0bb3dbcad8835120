package io.crosshost.triage;

import io.crosshost.matrix.Cell;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;
import io.crosshost.runtime.CellExecutor;
import io.crosshost.runtime.ContainerCellRunner;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContext;
import io.crosshost.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
                                   Map<String, ImageFacts> imageFacts, HostSession session, RunContext run) throws InterruptedException {
        List<FactDifference> ranking = rank(failing, scenarioCells, hostFacts, imageFacts);
        List<VariationResult> reruns = new ArrayList<>();
        List<Variation> variations = new ArrayList<>();
        variations.add(Variation.AS_IS);
        variations.addAll(Variation.standard(run.specOf(cell)));
        for (Variation variation : variations) {
            reruns.add(rerun(cell, variation, session, run));
            if (variation == Variation.AS_IS && reruns.get(0).passed()) {
                break; // nothing to explain
            }
        }
        ImageFacts facts = imageFacts.get(cell.image().name() + "@" + cell.host().name());
        Verdict verdict = VerdictRules.decide(failing, facts, scenarioCells, ranking, reruns);
        return new TriageReport(cell.id(), cell.scenario().id(), cell.image().name(), cell.host().name(), ranking, reruns, verdict);
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

    private static VariationResult rerun(Cell cell, Variation variation, HostSession session, RunContext run) throws InterruptedException {
        PlannedCell planned = new PlannedCell(new Cell(withoutRetries(cell.scenario()), cell.image(), cell.host()),
                Optional.empty(), Optional.empty());
        CellExecutor executor = new CellExecutor(new ContainerCellRunner(session.client(), run, variation.change()), session.target(), 0);
        CellResult result = executor.execute(planned, null);
        String firstLine = result.message() == null ? "" : result.message().lines().findFirst().orElse("");
        Status status = result.status() == Status.FLAKY ? Status.PASS : result.status();
        return new VariationResult(variation.name(), variation.component(), status, firstLine);
    }

    /** A rerun is one attempt and no known failure: triage wants the plain result under each variation. */
    private static Scenario withoutRetries(Scenario s) {
        return new Scenario(s.id(), s.title(), s.description(), s.tags(), s.bugs(), s.steps(), s.options(), 0, s.isolation(),
                List.of(), s.source());
    }
}
