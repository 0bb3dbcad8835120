package io.crosshost.scenario;

import java.util.List;
import java.util.Set;

/** What a step must do to pass. The default expects exit code 0 and nothing else. */
public record Expectations(Set<Integer> exitCodes, TextExpectation stdout, TextExpectation stderr,
                           List<FileExpectation> files) {

    public static final Expectations DEFAULT = new Expectations(Set.of(0), TextExpectation.NONE, TextExpectation.NONE, List.of());

    public Expectations {
        exitCodes = Set.copyOf(exitCodes);
        files = List.copyOf(files);
    }
}
