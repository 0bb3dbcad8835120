package io.crosshost.triage;

import java.util.List;

/** Which component breaks the cell, in one sentence, and the evidence for it. */
public record Verdict(Component component, String summary, List<String> evidence) {

    public Verdict {
        evidence = List.copyOf(evidence);
    }
}
