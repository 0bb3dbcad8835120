package io.crosshost.triage;

import io.crosshost.result.Status;

/** What a rerun under one variation gave: PASS, FAIL or ERROR, and the first line of its message. */
public record VariationResult(String variation, Component component, Status status, String message) {

    public boolean passed() {
        return status == Status.PASS;
    }
}
