package io.crosshost.scenario;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Expectations on one output stream; every list may be empty and {@code equals} may be null. {@code matches} must
 * each be satisfied, {@code notMatches} none of them.
 */
public record TextExpectation(List<String> contains, List<String> notContains, List<TextPattern> matches, String equalTo,
                              List<TextPattern> notMatches) {

    public static final TextExpectation NONE = new TextExpectation(List.of(), List.of(), List.of(), null, List.of());

    public TextExpectation {
        contains = List.copyOf(contains);
        notContains = List.copyOf(notContains);
        matches = List.copyOf(matches);
        notMatches = List.copyOf(notMatches);
    }

    /** Java regular expressions only, nothing that must not match: what Crosshost's files had before not_matches. */
    public TextExpectation(List<String> contains, List<String> notContains, List<Pattern> javaMatches, String equalTo) {
        this(contains, notContains, javaMatches.stream().<TextPattern>map(TextPattern.JavaRegex::new).toList(), equalTo, List.of());
    }

    public boolean isEmpty() {
        return contains.isEmpty() && notContains.isEmpty() && matches.isEmpty() && equalTo == null && notMatches.isEmpty();
    }
}
