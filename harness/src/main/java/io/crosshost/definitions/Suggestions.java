package io.crosshost.definitions;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "did you mean" for misspelt keys, values and names: the nearest candidate by edit distance, if it is near. */
final class Suggestions {

    private Suggestions() {
    }

    static Optional<String> nearest(String typed, Collection<String> candidates) {
        // Beyond this the "suggestion" is noise: 'foo' is not a typo of 'title'.
        int allowed = Math.max(2, typed.length() / 3);
        String t = normalize(typed);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String c = normalize(candidate);
            if (Math.abs(t.length() - c.length()) > allowed) {
                continue; // at least that far apart; and a megabyte-long key costs no quadratic time
            }
            int d = distance(t, c);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** ", did you mean 'x'?" or the empty string. */
    static String didYouMean(String typed, Collection<String> candidates) {
        return nearest(typed, candidates).map(s -> ", did you mean '" + s + "'?").orElse("");
    }

    /** readOnly, read-only and READ_ONLY are all the same slip as read_only. */
    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
