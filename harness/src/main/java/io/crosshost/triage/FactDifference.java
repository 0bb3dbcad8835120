package io.crosshost.triage;

import java.util.List;

/**
 * One fact that differs between the failing cell and passing cells of the same scenario.
 * {@code separation} runs from -1 to 1: the share of failing cells that have the failing cell's value, less
 * the share of passing cells that have it. 1 means the value is found in every failing cell and no passing one.
 */
public record FactDifference(String fact, String failingValue, List<String> passingValues, double separation) {

    public FactDifference {
        passingValues = List.copyOf(passingValues);
    }

    /** Whether this is one of the image's packages ("package libc6") rather than a named fact. */
    public boolean isPackage() {
        return CellFacts.isPackage(fact);
    }
}
