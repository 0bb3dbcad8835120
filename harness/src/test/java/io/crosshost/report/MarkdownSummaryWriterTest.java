package io.crosshost.report;

import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownSummaryWriterTest {

    @Test
    void summaryHasRunCountsGridAndUnexpectedResultsWithReproducers() {
        RunResults run = SyntheticResults.allStatuses();

        String md = MarkdownSummaryWriter.render(run, null);

        assertThat(md).startsWith("# Crosshost run `2025-11-20T0200Z-ab12`\n");
        assertThat(md).contains("matrix `matrix/nightly.yaml`", "took 1 min 30 s");
        assertThat(md).contains("**7 unexpected** of 16 cells: ✅ PASS 3 · ❌ FAIL 3 · 💥 ERROR 2 · ⏭️ SKIP 2 · "
                + "🟡 XFAIL 2 · ⚠️ XPASS 2 · 🔁 FLAKY 2");
        assertThat(md).contains("| scenario | docker<br>debian\\-11 | docker<br>debian\\-13 | docker\\-legacy<br>"
                + "debian\\-11 | docker\\-legacy<br>debian\\-13 |\n|---|:-:|:-:|:-:|:-:|\n");
        assertThat(md).contains("| clone3\\-threads | ✅ | ❌ | 💥 | ⏭️ |\n");
        assertThat(md).contains("## Unexpected results\n\n1. ❌ **FAIL** `clone3-threads/debian-13@docker` — "
                + "\\[useradd\\-passwd on debian\\-13 @ docker\\] expected exit code 0 but was 1 \\</script\\>"
                + "\\<script\\>alert\\(1\\)");
        assertThat(md).contains("\n   ```sh\n   docker -H unix:///run/docker.sock run --rm --network none "
                + "crosshost.test/debian-13 sh -c 'useradd fred && cat /etc/passwd'\n   ```\n");
    }

    @Test
    void nothingFromTheRunBecomesMarkupOrBreaksTheTable() {
        String md = MarkdownSummaryWriter.render(SyntheticResults.allStatuses(), null);

        // Every '<' from the run is backslash-escaped; the only markup is the grid header's own <br>.
        assertThat(md.replace("<br>", "")).doesNotContainPattern("(?<!\\\\)<");
        assertThat(md).doesNotContain("\u0000", "\u001b", "\u2028");
        assertThat(MarkdownSummaryWriter.escape("a|b <i>x</i> *y* `z`\nnext"))
                .isEqualTo("a\\|b \\<i\\>x\\</i\\> \\*y\\* \\`z\\` next");
        assertThat(MarkdownSummaryWriter.code("echo `id`")).isEqualTo("`` echo `id` ``");
        assertThat(MarkdownSummaryWriter.fenced("printf '```'", "")).startsWith("````sh\n");
    }

    @Test
    void aBaselineAddsTheDiffWithWhatChanged() {
        RunResults before = SyntheticResults.ofSize(20);
        List<CellResult> cells = before.cells().stream()
                .map(c -> c.cellId().equals("scenario-00000/debian-12@docker") ? SyntheticResults.withStatus(c,
                        Status.ERROR) : c).toList();
        RunResults now = SyntheticResults.withCells(before, "tonight", SyntheticResults.T0.plusSeconds(86400), cells,
                List.of(SyntheticResults.host("docker", "24.0.7", "6.12.0"), before.hosts().get(1)), before.images());

        String md = MarkdownSummaryWriter.render(now, RunDiff.between(before, now));

        assertThat(md).contains("## Compared with baseline `synthetic-20`\n\n1 regression, 0 fixes, 0 other changes, "
                + "0 new, 0 removed\n\n- regression `scenario-00000/debian-12@docker` PASS → ERROR\n"
                + "  - host docker: engineVersion 20\\.10\\.24 \\-\\> 24\\.0\\.7\n"
                + "  - host docker: kernel 6\\.1\\.0\\-27\\-amd64 \\-\\> 6\\.12\\.0\n");
    }

    @Test
    void aTriagedRunHasATriageSectionWithCausesCulpritsWorkaroundsAndCost() {
        RunResults plain = SyntheticResults.allStatuses();
        RunResults run = plain.withTriage(SyntheticResults.triageOf(plain, "(see <b>x</b>)"));

        String md = MarkdownSummaryWriter.render(run, null);

        assertThat(md).contains("## Triage\n\n7 cells triaged, 2 causes · triage: 19 reruns and 8 probe containers "
                + "in 32\\.9 s\n\n");
        assertThat(md).contains("1. **1 cell**: faccessat2 \\(EPERM\\) denied by docker\\-legacy, glibc \\>= 2\\.33 "
                + "in the image (SECCOMP)\n"
                + "   - culprits: `faccessat2 (EPERM)` · `libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14`\n"
                + "   - ✅ confirmed by a rerun: security\\_opt: \\[seccomp=triage/enosys\\-faccessat2\\.json\\] "
                + "\\(ENOSYS instead of EPERM for faccessat2\\)\n"
                + "   - 💡 suggestion: upgrade docker\\-legacy to Docker \\>= 20\\.10 "
                + "\\(https://github\\.com/moby/moby/issues/42680\\)\n"
                + "   - cells: `zz-skipped/debian-13@docker-legacy`\n");
        assertThat(md).contains("2. **4 cells**: CAP\\_MKNOD missing on docker \\(see \\<b\\>x\\</b\\>\\) "
                + "(CAPABILITIES)\n   - culprits: `CAP_MKNOD`\n   - ✅ confirmed by a rerun: cap\\_add: \\[MKNOD\\]\n");
        assertThat(md).contains("Verdicts without a shared cause:\n\n- `clone3-threads/debian-11@docker-legacy` — "
                + "ENGINE: the host did not answer; nothing to triage\n"
                + "  - 💡 suggestion: start the host's engine and run the cell again\n");
        // Each unexpected result carries its verdict's line.
        assertThat(md).contains("\n   - triage: SECCOMP: faccessat2 \\(EPERM\\), libc6 2\\.31\\-13\\+deb11u11 "
                + "\\-\\> 2\\.36\\-9\\+deb12u14\n");
        assertThat(md.replace("<br>", "")).doesNotContainPattern("(?<!\\\\)<");
        assertThat(MarkdownSummaryWriter.render(plain, null)).doesNotContain("Triage", "triage:");
    }

    @Test
    void theSummaryCountsWhatPreparingTheImagesDid() {
        String md = MarkdownSummaryWriter.render(HostFactsSamples.night(), null);

        // Five pulls (busybox on three hosts, 2.1 MB each, and up to date on one; debian-12 on one, 48.5 MB in 15.1 s),
        // one archive loaded.
        assertThat(md).contains("cells: ✅ PASS 15 · ❌ FAIL 0 · 💥 ERROR 0 · ⏭️ SKIP 0 · 🟡 XFAIL 1 · ⚠️ XPASS 0 · 🔁 FLAKY 0\n\n"
                + "Images: 5 pulls (1 up to date), 54.9 MB, the longest 15.1 s · 5 present · 1 loaded from an archive, 130.2 MB · "
                + "4 not pulled (pull: never)\n\n## Grid");
        RunResults onePull = SyntheticResults.withCells(null, "one", SyntheticResults.T0, List.of(), List.of(),
                List.of(SyntheticResults.image("busybox", "docker", "2.36", null).withPreparation(HostFactsSamples.pulled())));
        assertThat(MarkdownSummaryWriter.render(onePull, null)).contains("\nImages: 1 pull, 2.1 MB in 1.3 s\n");
        RunResults nothingNew = SyntheticResults.withCells(null, "up-to-date", SyntheticResults.T0, List.of(), List.of(),
                List.of(SyntheticResults.image("busybox", "docker", "2.36", null).withPreparation(HostFactsSamples.upToDate())));
        assertThat(MarkdownSummaryWriter.render(nothingNew, null)).as("every pull up to date")
                .containsPattern("\nImages: 1 pull \\(1 up to date\\), nothing downloaded in [0-9.]+ m?s\n");
        assertThat(MarkdownSummaryWriter.render(SyntheticResults.allStatuses(), null))
                .as("a run whose images say nothing of their preparation").doesNotContain("Images:");
    }

    @Test
    void bigRunsKeepTheSummaryShort() {
        String md = MarkdownSummaryWriter.render(SyntheticResults.ofSize(10_000), null);

        assertThat(md).contains("scenarios where every cell passed or was skipped are left out",
                "…and 280 more in index.html and results.json.");
        assertThat(md.length()).isLessThan(200_000);
    }
}
