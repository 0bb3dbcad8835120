package io.crosshost.report;

import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static io.crosshost.report.SyntheticResults.T0;
import static org.assertj.core.api.Assertions.assertThat;

class RunDiffTest {

    @ParameterizedTest(name = "{0} -> {1} is {2}")
    @CsvSource({
            "PASS,  FAIL,  REGRESSION", "PASS,  ERROR, REGRESSION", "FLAKY, FAIL,  REGRESSION",
            "XFAIL, FAIL,  REGRESSION", "XPASS, ERROR, REGRESSION",
            "FAIL,  PASS,  FIX", "ERROR, PASS,  FIX", "FAIL,  FLAKY, FIX",
            "FAIL,  ERROR, CHANGED", "FAIL,  XFAIL, CHANGED", "XFAIL, XPASS, CHANGED", "PASS,  FLAKY, CHANGED",
            "SKIP,  FAIL,  CHANGED", "PASS,  SKIP,  CHANGED", "XPASS, PASS,  CHANGED", "PASS,  XFAIL, CHANGED"})
    void statusChangeRules(Status before, Status after, RunDiff.Kind kind) {
        assertThat(RunDiff.kind(before, after)).isEqualTo(kind);
    }

    /** The faccessat2 story: the legacy host's engine was downgraded and the image's glibc moved on. */
    @Test
    void aRegressionSaysWhichFactsOfItsImageAndHostChanged() {
        CellResult passing = withDigest(SyntheticResults.cell("faccessat2-x-bit", "debian-13", "docker-legacy",
                Status.PASS, null, "", "", T0), "sha256:old");
        CellResult other = SyntheticResults.cell("useradd-passwd", "debian-11", "docker", Status.FAIL, "boom", "", "",
                T0);
        CellResult gone = SyntheticResults.cell("removed-scenario", "debian-11", "docker", Status.PASS, null, "", "",
                T0);
        HostFacts legacyBefore = SyntheticResults.host("docker-legacy", "20.10.24", "6.1.0-27-amd64");
        ImageFacts imageBefore = SyntheticResults.image("debian-13", "docker-legacy", "2.36", "sha256:old");
        RunResults baseline = SyntheticResults.withCells(null, "night-1", T0, List.of(passing, other, gone),
                List.of(legacyBefore), List.of(imageBefore));

        CellResult failing = withDigest(SyntheticResults.withStatus(passing, Status.FAIL), "sha256:new");
        CellResult fixed = SyntheticResults.withStatus(other, Status.PASS);
        CellResult added = SyntheticResults.cell("new-scenario", "debian-11", "docker", Status.ERROR, "host down", "",
                "", T0);
        HostFacts legacyNow = SyntheticResults.host("docker-legacy", "19.03.15", "6.1.0-27-amd64");
        ImageFacts imageNow = SyntheticResults.image("debian-13", "docker-legacy", "2.41", "sha256:new");
        RunResults current = SyntheticResults.withCells(null, "night-2", T0.plusSeconds(86400),
                List.of(failing, fixed, added), List.of(legacyNow), List.of(imageNow));

        RunDiff diff = RunDiff.between(baseline, current);

        assertThat(diff.regressions()).singleElement().satisfies(c -> {
            assertThat(c.cellId()).isEqualTo("faccessat2-x-bit/debian-13@docker-legacy");
            assertThat(c.before()).isEqualTo(Status.PASS);
            assertThat(c.after()).isEqualTo(Status.FAIL);
            assertThat(c.facts()).extracting(f -> f.subject() + " " + f.fact() + " " + f.before() + " " + f.after())
                    .containsExactly(
                            "image debian-13 on docker-legacy digest sha256:old sha256:new",
                            "image debian-13 on docker-legacy libcVersion 2.36 2.41",
                            "host docker-legacy engineVersion 20.10.24 19.03.15");
        });
        assertThat(diff.fixes()).extracting(RunDiff.CellChange::cellId).containsExactly(other.cellId());
        assertThat(diff.added()).extracting(RunDiff.CellChange::cellId).containsExactly(added.cellId());
        assertThat(diff.removed()).extracting(RunDiff.CellChange::cellId).containsExactly(gone.cellId());
        assertThat(diff.changes()).extracting(RunDiff.CellChange::kind).containsExactly(RunDiff.Kind.REGRESSION,
                RunDiff.Kind.FIX, RunDiff.Kind.NEW, RunDiff.Kind.REMOVED);
        assertThat(diff.hostChanges()).extracting(RunDiff.FactChange::fact).containsExactly("engineVersion");
        assertThat(diff.imageChanges()).extracting(RunDiff.FactChange::fact).containsExactly("digest", "libcVersion");

        String text = DiffWriter.render(diff);
        assertThat(text).startsWith("baseline night-1 -> current night-2\n"
                + "1 regression, 1 fix, 0 other changes, 1 new, 1 removed\n");
        assertThat(text).contains("REGRESSIONS\n  faccessat2-x-bit/debian-13@docker-legacy  PASS -> FAIL\n",
                "      host docker-legacy: engineVersion 20.10.24 -> 19.03.15\n",
                "FIXES\n  useradd-passwd/debian-11@docker  FAIL -> PASS\n",
                "NEW CELLS\n  new-scenario/debian-11@docker  - -> ERROR\n      host down\n",
                "REMOVED CELLS\n  removed-scenario/debian-11@docker  PASS -> -\n",
                "HOST CHANGES\n  host docker-legacy: engineVersion 20.10.24 -> 19.03.15\n");
    }

    @Test
    void sameStatusesMeanNoCellChanges() {
        RunResults run = SyntheticResults.ofSize(100);
        List<CellResult> same = new ArrayList<>(run.cells());
        RunResults again = SyntheticResults.withCells(run, "again", T0.plusSeconds(10), same, run.hosts(),
                run.images());

        RunDiff diff = RunDiff.between(run, again);

        assertThat(diff.changes()).isEmpty();
        assertThat(diff.isEmpty()).isTrue();
        assertThat(DiffWriter.summary(diff)).isEqualTo("0 regressions, 0 fixes, 0 other changes, 0 new, 0 removed");
    }

    private static CellResult withDigest(CellResult c, String digest) {
        return new CellResult(c.cellId(), c.scenario(), c.image(), c.host(), c.status(), c.message(), c.steps(),
                c.startedAt(), c.duration(), c.attempts(), c.containerId(), digest, c.reproducer(), c.knownFailure(),
                c.bug(), c.tags());
    }
}
