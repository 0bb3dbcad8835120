package io.crosshost.triage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Ranks the facts by how well the failing cell's value separates failing cells from passing ones. */
final class FactsRanking {

    private FactsRanking() {
    }

    /**
     * @param failing the failing cell's facts
     * @param failingCells every failing cell of the scenario (the failing cell among them)
     * @param passingCells every passing cell of the scenario
     */
    static List<FactDifference> rank(Map<String, String> failing, List<Map<String, String>> failingCells,
                                     List<Map<String, String>> passingCells) {
        List<FactDifference> ranked = new ArrayList<>();
        if (passingCells.isEmpty()) {
            return ranked;
        }
        for (Map.Entry<String, String> fact : failing.entrySet()) {
            String name = fact.getKey();
            String value = fact.getValue();
            TreeSet<String> passingValues = new TreeSet<>();
            passingCells.forEach(p -> passingValues.add(Objects.requireNonNullElse(p.get(name), "unknown")));
            if (passingValues.size() == 1 && passingValues.contains(value)) {
                continue; // every passing cell has it too: it cannot be the cause
            }
            double inFailing = share(failingCells, name, value);
            double inPassing = share(passingCells, name, value);
            ranked.add(new FactDifference(name, value, new ArrayList<>(passingValues), inFailing - inPassing));
        }
        // At equal separation the named facts (C library, libselinux, host facts) before the hundreds of packages: one
        // image upgrade moves them all together, and the C library is the one that says why.
        ranked.sort(Comparator.comparingDouble(FactDifference::separation).reversed()
                .thenComparing(f -> CellFacts.isPackage(f.fact()))
                .thenComparing(FactDifference::fact));
        return ranked;
    }

    private static double share(List<Map<String, String>> cells, String name, String value) {
        if (cells.isEmpty()) {
            return 0;
        }
        long with = cells.stream().filter(c -> value.equals(c.get(name))).count();
        return (double) with / cells.size();
    }
}
