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

    /** What MatrixRunner leaves for a cell of a stopped run: SKIP, "not run: ...", no steps, no digest. */
    private static CellResult notRun(CellResult c, String why) {
        return new CellResult(c.cellId(), c.scenario(), c.image(), c.host(), Status.SKIP, why, List.of(), null,
                java.time.Duration.ZERO, 0, null, null, c.reproducer(), null, null, c.tags());
    }

    /**
     * Issue 13: a full night against one stopped after 12 s listed 196 "other status changes", each with "image ...
     * digest sha256:... -> (none)". The cells that were not run are one line; the cells run on both sides are
     * still listed in full, with what changed where it was seen on both sides.
     */
    @Test
    void cellsNotRunInAStoppedRunAreOneCountAndNotAStatusChangeEach() throws Exception {
        RunResults full = SyntheticResults.ofSize(220);
        List<CellResult> cells = new ArrayList<>();
        for (int i = 0; i < full.cells().size(); i++) {
            CellResult c = full.cells().get(i);
            if (i >= 24) {
                cells.add(notRun(c, i == 24 ? "not run: the run was stopped while this cell ran"
                        : "not run: the run was stopped before this cell"));
            } else if (i == 1) {
                cells.add(SyntheticResults.withStatus(c, Status.FAIL)); // scenario-00000/debian-12@docker
            } else if (i == 13) {
                cells.add(SyntheticResults.withStatus(c, Status.PASS)); // was FAIL
            } else {
                cells.add(c);
            }
        }
        List<HostFacts> hosts = new ArrayList<>(full.hosts());
        hosts.set(0, SyntheticResults.host("docker", "20.10.24", "6.12.0-1-amd64"));
        // The stop came before the other hosts' images were probed.
        List<ImageFacts> images = full.images().stream().filter(f -> f.host().equals("docker")).toList();
        RunResults stopped = new RunResults(SyntheticResults.runInfo("stopped", T0.plusSeconds(86_400), cells),
                T0.plusSeconds(86_412), true, hosts, images, cells);

        RunDiff diff = RunDiff.between(full, stopped);

        assertThat(diff.notRunInCurrent()).isEqualTo(new RunDiff.NotRun("stopped", 196, "the run was stopped"));
        assertThat(diff.notRunInBaseline().count()).isZero();
        assertThat(diff.changes()).extracting(c -> c.kind() + " " + c.cellId()).containsExactly(
                "REGRESSION scenario-00000/debian-12@docker", "FIX scenario-00000/busybox@podman");
        assertThat(diff.regressions().get(0).facts()).extracting(DiffWriter::fact)
                .containsExactly("host docker: kernel 6.1.0-27-amd64 -> 6.12.0-1-amd64");
        String text = DiffWriter.render(diff);
        assertThat(text).startsWith("baseline synthetic-220 -> current stopped\n"
                + "1 regression, 1 fix, 0 other changes, 0 new, 0 removed, 196 not run in current\n");
        assertThat(text).contains("\n196 cells not run in current stopped (the run was stopped)\n",
                "REGRESSIONS\n  scenario-00000/debian-12@docker  PASS -> FAIL\n",
                "FIXES\n  scenario-00000/busybox@podman  FAIL -> PASS\n");
        assertThat(text).doesNotContain("(none)", "OTHER STATUS CHANGES", "REMOVED");

        assertThat(MarkdownSummaryWriter.render(stopped, diff))
                .contains("196 cells not run in current stopped \\(the run was stopped\\).\n")
                .doesNotContain("(none)").doesNotContain("- changed");
        var page = ResultsJson.MAPPER.readTree(HtmlReportWriter.data(stopped, diff, History.EMPTY)).path("diff");
        assertThat(page.path("notRun").toString())
                .isEqualTo("[{\"run\":\"current\",\"runId\":\"stopped\",\"count\":196,\"reason\":\"the run was stopped\"}]");
        assertThat(page.path("changes")).hasSize(2);

        RunDiff back = RunDiff.between(stopped, full);
        assertThat(back.notRunInBaseline()).isEqualTo(new RunDiff.NotRun("stopped", 196, "the run was stopped"));
        assertThat(DiffWriter.render(back)).contains("196 cells not run in baseline stopped (the run was stopped)")
                .doesNotContain("(none)");
    }

    /** A run that died (read back from its journal) has no result for the cells it never reached. */
    @Test
    void cellsMissingFromARunThatNeverFinishedAreNotRunNotRemoved() {
        RunResults full = SyntheticResults.ofSize(40);
        RunResults died = new RunResults(full.run(), null, false, full.hosts(), full.images(),
                full.cells().subList(0, 10));

        RunDiff diff = RunDiff.between(full, died);

        assertThat(diff.removed()).isEmpty();
        assertThat(diff.notRunInCurrent()).isEqualTo(new RunDiff.NotRun("synthetic-40", 30, "the run did not finish"));
    }

    /** What a host or image was is only compared where it was seen in both runs: an unreachable host says so, once. */
    @Test
    void aValueSeenOnOneSideOnlyIsNotAChange() {
        CellResult was = SyntheticResults.cell("useradd-passwd", "debian-11", "podman", Status.PASS, null, "", "", T0);
        CellResult now = withDigest(SyntheticResults.cell("useradd-passwd", "debian-11", "podman", Status.ERROR,
                "host podman: no engine answers at unix:///run/podman/podman.sock", "", "", T0), null);
        RunResults baseline = SyntheticResults.withCells(null, "a", T0, List.of(was),
                List.of(SyntheticResults.host("podman", "4.3.1", "6.1.0-27-amd64")),
                List.of(SyntheticResults.image("debian-11", "podman", "2.31", "sha256:a")));
        RunResults current = SyntheticResults.withCells(null, "b", T0, List.of(now),
                List.of(HostFacts.unreachable("podman", "unix:///run/podman/podman.sock", "no engine answers")),
                List.of(ImageFacts.missing("debian-11", "podman", "crosshost.test/debian:11", "host unreachable")));

        RunDiff diff = RunDiff.between(baseline, current);

        assertThat(diff.regressions()).singleElement().satisfies(c -> assertThat(c.facts())
                .extracting(DiffWriter::fact).containsExactly("host podman: reachable true -> false"));
        assertThat(diff.hostChanges()).extracting(DiffWriter::fact).containsExactly("host podman: reachable true -> false");
        assertThat(diff.imageChanges()).isEmpty();
        assertThat(DiffWriter.render(diff)).doesNotContain("(none)");
    }

    private static CellResult withDigest(CellResult c, String digest) {
        return new CellResult(c.cellId(), c.scenario(), c.image(), c.host(), c.status(), c.message(), c.steps(),
                c.startedAt(), c.duration(), c.attempts(), c.containerId(), digest, c.reproducer(), c.knownFailure(),
                c.bug(), c.tags());
    }
}
