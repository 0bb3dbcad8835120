package io.crosshost.assertion;

import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.TextExpectation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ExpectationCheckTest {

    private static Observed observed(int exit, String stdout) {
        return new Observed(exit, false, "30s", stdout, "", Map.of());
    }

    @Test
    void aMetExpectationGivesNoFailure() {
        Expectations expect = new Expectations(Set.of(0), new TextExpectation(List.of("fred:"), List.of("error"),
                List.of(Pattern.compile("^fred:x:\\d+", Pattern.MULTILINE)), null), TextExpectation.NONE, List.of());

        assertThat(ExpectationCheck.failures("c", expect, observed(0, "root:x:0:0\nfred:x:1000:1000\n"))).isEmpty();
    }

    @Test
    void everyMissIsReportedInAssertJsWordsNamingTheCell() {
        Expectations expect = new Expectations(Set.of(0), new TextExpectation(List.of("fred:"), List.of(), List.of(), null),
                TextExpectation.NONE, List.of());

        List<String> failures = ExpectationCheck.failures("useradd / fedora-14 @ rhel7", expect, observed(12, "useradd: failure\n"));

        assertThat(failures).hasSize(2);
        assertThat(failures.get(0)).startsWith("[useradd / fedora-14 @ rhel7: exit code]")
                .contains("Expecting actual:").contains("12").contains("[0]");
        assertThat(failures.get(1)).startsWith("[useradd / fedora-14 @ rhel7: stdout]")
                .contains("to contain:").contains("fred:");
    }

    @Test
    void aMissedPatternIsReportedInAssertJsWordsWithTheOutputQuoted() {
        Expectations expect = new Expectations(Set.of(0), new TextExpectation(List.of(), List.of(),
                List.of(Pattern.compile("^fred:x:\\d+", Pattern.MULTILINE)), null), TextExpectation.NONE, List.of());

        assertThat(ExpectationCheck.failures("c", expect, observed(0, "root:x:0:0\n"))).singleElement()
                .satisfies(m -> assertThat(m).startsWith("[c: stdout]").contains("to contain pattern:")
                        .contains("\"root:x:0:0\n\"").contains("^fred:x:\\d+"));
    }

    @Test
    void aPatternThatBacktracksWithoutEndFailsTheCellAtItsBudgetAndTheOtherExpectationsAreStillChecked() {
        // (.*a){15}x on 30 a's tries every way to split them into 15 groups before it gives up: 14 s here, unbounded.
        // (Since Java 9 the classic (a+)+$ is cut short by the matcher's own memo; this one is not.)
        Expectations expect = new Expectations(Set.of(0), new TextExpectation(List.of("zzz"), List.of(),
                List.of(Pattern.compile("(.*a){15}x"), Pattern.compile("a{30}")), null), TextExpectation.NONE, List.of());
        String output = "a".repeat(30);

        List<String> failures = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ExpectationCheck.failures("c", expect, observed(0, output), Duration.ofMillis(200)));

        assertThat(failures).hasSize(2);
        assertThat(failures.get(0)).startsWith("[c: stdout]").contains("to contain:").contains("zzz");
        assertThat(failures.get(1)).isEqualTo("[c: stdout] the pattern (.*a){15}x did not finish within 200ms on 30 characters: "
                + "it backtracks too much (a repeated group that can split the same text in many ways does, such as (.*a){15}). "
                + "Rewrite it so that each part can match a character in only one way");
    }

    @Test
    void equalsIgnoresTheFinalNewlineAndShowsTheDiff() {
        Expectations expect = new Expectations(Set.of(0), new TextExpectation(List.of(), List.of(), List.of(), "hello"),
                TextExpectation.NONE, List.of());

        assertThat(ExpectationCheck.failures("c", expect, observed(0, "hello\n"))).isEmpty();
        assertThat(ExpectationCheck.failures("c", expect, observed(0, "help\n"))).singleElement()
                .satisfies(m -> assertThat(m).contains("expected: \"hello\"").contains("but was: \"help\""));
    }

    @Test
    void filesMustExistAndContain() {
        Expectations expect = new Expectations(Set.of(0), TextExpectation.NONE, TextExpectation.NONE, List.of(
                new FileExpectation("/etc/passwd", true, List.of("fred")), new FileExpectation("/tmp/gone", false, List.of()),
                new FileExpectation("/missing", true, List.of())));
        Observed o = new Observed(0, false, "30s", "", "", Map.of("/etc/passwd", Optional.of(FileFactsFixture.file("root:x:0:0")),
                "/tmp/gone", Optional.of(FileFactsFixture.file("still here")), "/missing", Optional.empty()));

        assertThat(ExpectationCheck.failures("c", expect, o)).hasSize(3)
                .anySatisfy(m -> assertThat(m).contains("file /etc/passwd").contains("fred"))
                .anySatisfy(m -> assertThat(m).contains("file /tmp/gone should not exist"))
                .anySatisfy(m -> assertThat(m).contains("file /missing should exist"));
    }

    @Test
    void aTimeoutIsTheOnlyFailureReported() {
        Observed o = new Observed(null, true, "5s", "", "", Map.of());

        assertThat(ExpectationCheck.failures("c", Expectations.DEFAULT, o)).containsExactly("[c] timed out after 5s; the container was killed");
    }
}
