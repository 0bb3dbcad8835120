package io.crosshost.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One pattern an output stream or a file must (or must not) match, in the dialect of the file it was written in:
 * Crosshost's own files write Java regular expressions; container-structure-test and goss files are Go programs and
 * write Go's RE2, which Google's RE2/J reads with the same meaning (and in linear time, so no pattern backtracks).
 */
public sealed interface TextPattern {

    /** The pattern as its author wrote it. */
    String source();

    /** The dialect and matching rule, as a failure message names them. */
    String dialect();

    /** Whether {@code text} satisfies the pattern (for a negated goss pattern: has no line that matches). */
    boolean satisfiedBy(CharSequence text);

    /**
     * A Java regular expression found anywhere in the text, with {@code ^} and {@code $} at every line (Crosshost's
     * own {@code matches}). The checker runs it on a deadline: java.util.regex backtracks.
     */
    record JavaRegex(Pattern pattern) implements TextPattern {
        @Override
        public String source() {
            return pattern.pattern();
        }

        @Override
        public String dialect() {
            return "the Java regular expression";
        }

        @Override
        public boolean satisfiedBy(CharSequence text) {
            return pattern.matcher(text).find();
        }
    }

    /** A Go RE2 expression found anywhere in the text, as container-structure-test's {@code regexp.MatchString}. */
    record GoRegex(com.google.re2j.Pattern pattern) implements TextPattern {
        @Override
        public String source() {
            return pattern.pattern();
        }

        @Override
        public String dialect() {
            return "the Go RE2 pattern";
        }

        @Override
        public boolean satisfiedBy(CharSequence text) {
            return pattern.matcher(text).find();
        }
    }

    /**
     * One entry of a goss pattern list, matched line by line as goss's have-patterns does: a plain entry must be a
     * substring of some line, {@code /re/} (flags i, m, s after the closing slash) a Go regexp found in some line, and
     * a leading {@code !} negates either: no line may match. {@code regex} is null for a substring entry.
     */
    record GossPattern(String source, boolean negated, String substring, com.google.re2j.Pattern regex) implements TextPattern {
        @Override
        public String dialect() {
            return negated ? "no line to match the goss pattern" : "a line to match the goss pattern";
        }

        @Override
        public boolean satisfiedBy(CharSequence text) {
            boolean anyLine = false;
            for (String line : goLines(text.toString())) {
                if (regex != null ? regex.matcher(line).find() : line.contains(substring)) {
                    anyLine = true;
                    break;
                }
            }
            // goss counts an empty pattern as found even in empty output.
            return negated ? !anyLine : anyLine || source.isEmpty();
        }
    }

    /** Lines as Go's bufio.ScanLines cuts them: at '\n', one trailing '\r' dropped, no empty last line. */
    static List<String> goLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            int stop = end < 0 ? text.length() : end;
            if (stop > start && text.charAt(stop - 1) == '\r') {
                stop--;
            }
            lines.add(text.substring(start, stop));
            start = next;
        }
        return lines;
    }
}
