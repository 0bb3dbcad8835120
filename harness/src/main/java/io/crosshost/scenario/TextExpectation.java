package io.crosshost.scenario;

import java.util.List;
import java.util.regex.Pattern;

/** Expectations on one output stream; every list may be empty and {@code equals} may be null. */
public record TextExpectation(List<String> contains, List<String> notContains, List<Pattern> matches, String equalTo) {

    public static final TextExpectation NONE = new TextExpectation(List.of(), List.of(), List.of(), null);

    public TextExpectation {
        contains = List.copyOf(contains);
        notContains = List.copyOf(notContains);
        matches = List.copyOf(matches);
    }

    public boolean isEmpty() {
        return contains.isEmpty() && notContains.isEmpty() && matches.isEmpty() && equalTo == null;
    }
}
