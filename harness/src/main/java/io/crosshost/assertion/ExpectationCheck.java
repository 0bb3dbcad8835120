package io.crosshost.assertion;

import io.crosshost.scenario.DurationText;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.TextExpectation;
import io.crosshost.scenario.TextPattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a step's expectations with AssertJ, so that a failed cell's message in every report is AssertJ's
 * own (expected, actual, the diff), prefixed with the cell and the stream it is about.
 *
 * <p>Every expectation is checked, and all failures are reported together. AssertJ's soft assertions would do
 * that too, but they append the harness's own source line to each failure, which means nothing to a reader.
 */
public final class ExpectationCheck {

    /**
     * What one {@code matches} pattern may take on one stream: milliseconds for any sane pattern on a capped stream,
     * so only a pattern that backtracks without end reaches it.
     */
    static final Duration REGEX_BUDGET = Duration.ofSeconds(5);

    private ExpectationCheck() {
    }

    /** AssertJ's messages for every missed expectation, empty when the step met them all. */
    public static List<String> failures(String cellLabel, Expectations expect, Observed observed) {
        return failures(cellLabel, expect, observed, REGEX_BUDGET);
    }

    static List<String> failures(String cellLabel, Expectations expect, Observed observed, Duration regexBudget) {
        List<String> failures = new ArrayList<>();
        if (observed.timedOut()) {
            failures.add("[" + cellLabel + "] timed out after " + observed.timeoutText() + "; the container was killed");
            return failures;
        }
        if (!expect.exitCodes().isEmpty()) {
            check(failures, () -> assertThat(observed.exitCode())
                    .as("%s: exit code", cellLabel)
                    .isIn(new TreeSet<>(expect.exitCodes()).toArray()));
        }
        text(failures, cellLabel + ": stdout", expect.stdout(), observed.stdout(), regexBudget);
        text(failures, cellLabel + ": stderr", expect.stderr(), observed.stderr(), regexBudget);
        for (FileExpectation file : expect.files()) {
            FileCheck.check(failures, cellLabel + ": file " + file.path(), file,
                    observed.files().getOrDefault(file.path(), Optional.empty()), regexBudget);
        }
        if (!expect.image().isEmpty()) {
            ImageCheck.check(failures, cellLabel + ": image", expect.image(), observed.image());
        }
        if (!expect.packages().isEmpty()) {
            PackageCheck.check(failures, cellLabel + ": package", expect.packages(), observed.packages());
        }
        return failures;
    }

    private static void text(List<String> failures, String what, TextExpectation expect, String actual, Duration regexBudget) {
        for (String s : expect.contains()) {
            check(failures, () -> assertThat(actual).as(what).contains(s));
        }
        for (String s : expect.notContains()) {
            check(failures, () -> assertThat(actual).as(what).doesNotContain(s));
        }
        patterns(failures, what, expect.matches(), expect.notMatches(), actual, regexBudget);
        if (expect.equalTo() != null) {
            // Commands end their output with a newline that nobody writes in an expectation.
            check(failures, () -> assertThat(stripFinalNewlines(actual)).as(what).isEqualTo(stripFinalNewlines(expect.equalTo())));
        }
    }

    /** Each of {@code matches} must be satisfied by {@code actual}, none of {@code notMatches}. */
    static void patterns(List<String> failures, String what, List<TextPattern> matches, List<TextPattern> notMatches,
                         String actual, Duration regexBudget) {
        for (TextPattern p : matches) {
            pattern(failures, what, p, true, actual, regexBudget);
        }
        for (TextPattern p : notMatches) {
            pattern(failures, what, p, false, actual, regexBudget);
        }
    }

    private static void pattern(List<String> failures, String what, TextPattern p, boolean wanted, String actual, Duration regexBudget) {
        if (!(p instanceof TextPattern.JavaRegex java)) {
            // RE2 and goss patterns run in linear time: no deadline needed.
            String description = p.dialect() + " " + p.source();
            check(failures, () -> {
                if (wanted) {
                    assertThat(actual).as(what).matches(p::satisfiedBy, description);
                } else {
                    assertThat(actual).as(what).doesNotMatch(p::satisfiedBy, description);
                }
            });
            return;
        }
        try {
            BoundedText bounded = new BoundedText(actual, regexBudget);
            check(failures, () -> {
                if (wanted) {
                    assertThat(bounded).as(what).containsPattern(java.pattern());
                } else {
                    assertThat(bounded).as(what).doesNotContainPattern(java.pattern());
                }
            });
        } catch (BoundedText.TooSlow e) {
            failures.add("[" + what + "] the pattern " + p.source() + " did not finish within " + DurationText.of(e.budget)
                    + " on " + actual.length() + " characters: it backtracks too much (a repeated group that can split the same text"
                    + " in many ways does, such as (.*a){15}). Rewrite it so that each part can match a character in only one way");
        }
    }

    private static String stripFinalNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    static void check(List<String> failures, ThrowingCallable assertion) {
        try {
            assertion.call();
        } catch (AssertionError e) {
            failures.add(e.getMessage().strip());
        } catch (BoundedText.TooSlow e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("an expectation could not be checked", e);
        }
    }
}
