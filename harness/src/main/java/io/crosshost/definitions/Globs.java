package io.crosshost.definitions;

import io.crosshost.scenario.KnownFailure;

import java.util.List;
import java.util.regex.PatternSyntaxException;

/** The shell-style globs of known failures and exclusions: checked when loaded, matched by {@link KnownFailure}. */
final class Globs {

    private Globs() {
    }

    static boolean isLiteral(String pattern) {
        return pattern.chars().noneMatch(c -> c == '*' || c == '?' || c == '[');
    }

    /** Why the glob is unusable, or null when it is fine. */
    static String problem(String pattern) {
        if (pattern.isBlank()) {
            return "an empty pattern matches nothing";
        }
        if (pattern.chars().anyMatch(c -> c == '/' || c == ':' || c == '@')) {
            // Names never hold these; someone wrote an image reference or endpoint where the matrix's name belongs.
            return Problem.quote(pattern) + " looks like a reference, not a name: write the matrix's name for the host or image,"
                    + " such as fedora-14";
        }
        try {
            KnownFailure.globMatches(pattern, "probe");
            return null;
        } catch (PatternSyntaxException e) {
            return "invalid glob " + Problem.quote(pattern) + ": " + e.getDescription();
        }
    }

    static boolean anyMatches(String pattern, List<String> names) {
        return names.stream().anyMatch(n -> KnownFailure.globMatches(pattern, n));
    }
}
