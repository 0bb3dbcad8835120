package io.crosshost.assertion;

import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.TextExpectation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

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
        Observed o = new Observed(0, false, "30s", "", "", Map.of("/etc/passwd", Optional.of("root:x:0:0"),
                "/tmp/gone", Optional.of("still here"), "/missing", Optional.empty()));

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
