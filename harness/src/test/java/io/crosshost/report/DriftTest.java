package io.crosshost.report;

import io.crosshost.pinpoint.InstalledPackage;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.pinpoint.PackageManager;
import io.crosshost.pinpoint.StaticBinary;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.RunTriage;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.crosshost.report.SyntheticResults.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The moved tag of issue 15, from the lab's recorded Debian 11 and 12 inventories: what moved, and what broke it. */
class DriftTest {

    static PackageInventory debian(int release) {
        try (InputStream in = DriftTest.class.getResourceAsStream("/pinpoint/dpkg-debian-" + release + ".tsv")) {
            return PackageInventory.parse(PackageManager.DPKG, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ImageFacts base(String host, String id, int release) {
        return new ImageFacts("base", host, "crosshost.test/base:stable", id, id, "Debian GNU/Linux " + release, "glibc",
                release == 11 ? "2.31" : "2.36", null, "dpkg", null, debian(release));
    }

    private static CellResult cell(String scenario, String host, Status status, List<String> tags, String digest) {
        CellResult c = SyntheticResults.cell(scenario, "base", host, status, status == Status.PASS ? null : "x-ok missing", "", "", T0);
        return new CellResult(c.cellId(), c.scenario(), c.image(), c.host(), status, c.message(), c.steps(), c.startedAt(),
                c.duration(), c.attempts(), c.containerId(), digest, c.reproducer(), null, null, tags);
    }

    private static final String OLD = "sha256:" + "1".repeat(64);
    private static final String NEW = "sha256:" + "2".repeat(64);

    private static RunResults night(String id, int release, String digest, Status legacy, HostFacts... hosts) {
        List<CellResult> cells = List.of(
                cell("faccessat2-access-check", "docker-legacy", legacy, List.of("seccomp", "glibc", "syscalls"), digest),
                cell("useradd-passwd", "docker-legacy", legacy, List.of("users", "selinux"), digest),
                cell("faccessat2-access-check", "docker", Status.PASS, List.of("seccomp", "glibc", "syscalls"), digest));
        return SyntheticResults.withCells(null, id, T0, cells, List.of(hosts),
                List.of(base("docker-legacy", digest, release), base("docker", digest, release)));
    }

    @Test
    void aMovedTagListsEveryPackageChangeOnceAndRanksTheCLibraryFirstForASeccompRegression() {
        HostFacts legacy = SyntheticResults.host("docker-legacy", "20.10.24", "6.18");
        RunDiff diff = RunDiff.between(night("n1", 11, OLD, Status.PASS, legacy), night("n2", 12, NEW, Status.FAIL, legacy));

        // One drift for the two hosts the tag moved on, with the digest change and the package changes.
        assertThat(diff.imageDrifts()).singleElement().satisfies(d -> {
            assertThat(d.hosts()).containsExactly("docker-legacy", "docker");
            assertThat(d.digestBefore()).isEqualTo(OLD);
            assertThat(d.digestAfter()).isEqualTo(NEW);
            assertThat(d.packages().upgraded()).extracting(c -> c.describe()).contains("libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14");
            assertThat(d.packages().size()).isBetween(60, 140);
            assertThat(d.packages().added()).extracting(InstalledPackage::name).contains("libffi8", "libsepol2");
            assertThat(d.packages().removed()).extracting(InstalledPackage::name).contains("libssl1.1");
        });
        RunDiff.CellChange seccomp = diff.regressions().stream()
                .filter(c -> c.cellId().equals("faccessat2-access-check/base@docker-legacy")).findFirst().orElseThrow();
        assertThat(seccomp.likelyCauses().get(0)).isEqualTo(new RunDiff.LikelyCause("upgraded",
                "libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14", "the C library makes the system calls that a seccomp profile filters"));
        // libc-bin is glibc too: the C library's packages come before any other change.
        assertThat(seccomp.likelyCauses().get(1).change()).startsWith("libc-bin ");
        assertThat(seccomp.likelyCauses()).hasSize(LikelyCauses.CAUSES_PER_CELL);

        // An SELinux-tagged scenario suspects libselinux first.
        RunDiff.CellChange selinux = diff.regressions().stream()
                .filter(c -> c.cellId().equals("useradd-passwd/base@docker-legacy")).findFirst().orElseThrow();
        assertThat(selinux.likelyCauses().get(0).change()).startsWith("libselinux1 3.1-3 -> 3.4-1");

        String text = DiffWriter.render(diff);
        assertThat(text).contains("PACKAGE DRIFT", "image base on docker-legacy, docker: sha256:111111111111 -> sha256:222222222222",
                "upgraded   libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14", "added      libffi8 ", "removed    libssl1.1 ",
                "likely causes, most likely first:\n        1. libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14 (upgraded: ");
        String md = MarkdownSummaryWriter.render(night("n2", 12, NEW, Status.FAIL, legacy), diff);
        assertThat(md).contains("### What moved under the cells", "1. libc6 2\\.31\\-13\\+deb11u11 \\-\\> 2\\.36\\-9\\+deb12u14");
    }

    @Test
    void aTriageVerdictChoosesTheRankingAndAHostChangeIsACauseToo() {
        HostFacts before = SyntheticResults.host("docker-legacy", "20.10.24", "6.18");
        HostFacts after = SyntheticResults.host("docker-legacy", "19.03.15", "6.18");
        RunResults current = night("n2", 12, NEW, Status.FAIL, after);
        // Triage said CAPABILITIES for the faccessat2 cell (made up): the capability libraries' changes come first,
        // the upgraded libcap-ng0 before libcap2, which Debian 12's minbase added; then the host's engine change, then
        // the C library.
        current = current.withTriage(new RunTriage("n2", List.of(new RunTriage.CellVerdict(
                "faccessat2-access-check/base@docker-legacy", "CAPABILITIES", "x", List.of(), List.of(), 1, 1)), List.of(), 1, 0, 1));
        RunDiff diff = RunDiff.between(night("n1", 11, OLD, Status.PASS, before), current);

        RunDiff.CellChange cell = diff.regressions().stream()
                .filter(c -> c.cellId().equals("faccessat2-access-check/base@docker-legacy")).findFirst().orElseThrow();
        assertThat(cell.likelyCauses()).extracting(RunDiff.LikelyCause::change).startsWith(
                "libcap-ng0 0.7.9-2.2+b1 -> 0.8.3-1+b3", "libcap2 1:2.66-4+deb12u3+b1",
                "host docker-legacy: engineVersion 20.10.24 -> 19.03.15", "libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14");
        assertThat(cell.likelyCauses()).extracting(RunDiff.LikelyCause::kind).startsWith("upgraded", "added", "host", "upgraded");
    }

    @Test
    void anImageThatDidNotMoveHasNoDriftAndItsRegressionsNoPackageCauses() {
        HostFacts legacy = SyntheticResults.host("docker-legacy", "20.10.24", "6.18");
        RunDiff diff = RunDiff.between(night("n1", 11, OLD, Status.PASS, legacy), night("n2", 11, OLD, Status.FAIL, legacy));

        assertThat(diff.imageDrifts()).isEmpty();
        assertThat(diff.regressions()).hasSize(2).allSatisfy(c -> assertThat(c.likelyCauses()).isEmpty());
        assertThat(DiffWriter.render(diff)).doesNotContain("PACKAGE DRIFT", "likely causes");
    }

    @Test
    void aMissingInventoryOrAnotherPackageManagerIsSaidNotGuessed() {
        HostFacts legacy = SyntheticResults.host("docker-legacy", "20.10.24", "6.18");
        RunResults baseline = night("n1", 11, OLD, Status.PASS, legacy);
        RunResults noPackages = SyntheticResults.withCells(null, "n2", T0, night("n2", 12, NEW, Status.FAIL).cells(), List.of(legacy),
                List.of(base("docker-legacy", NEW, 12).withPackages(null)));
        assertThat(RunDiff.between(baseline, noPackages).imageDrifts()).singleElement().satisfies(d -> {
            assertThat(d.packages()).isNull();
            assertThat(DriftText.counts(d)).isEqualTo("the packages of the current image were not read: no package changes to show");
        });

        PackageInventory busybox = PackageInventory.none(List.of(new StaticBinary("/bin/busybox", "1.35.0")));
        RunResults toBusybox = SyntheticResults.withCells(null, "n2", T0, night("n2", 12, NEW, Status.FAIL).cells(), List.of(legacy),
                List.of(base("docker-legacy", NEW, 12).withPackages(busybox)));
        assertThat(RunDiff.between(baseline, toBusybox).imageDrifts()).singleElement().satisfies(d -> {
            assertThat(d.packages().removed()).hasSize(debian(11).packages().size());
            assertThat(d.note()).isEqualTo("the package manager changed from DPKG to NONE");
        });
    }
}
