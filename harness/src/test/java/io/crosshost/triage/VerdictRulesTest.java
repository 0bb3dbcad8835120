package io.crosshost.triage;

import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict rules on hand-made evidence; TriageIT checks them on the lab's real reruns. */
class VerdictRulesTest {

    private static CellResult cell(String image, String host, Status status) {
        return new CellResult("s/" + image + "@" + host, "s", image, host, status, "", List.of(), Instant.now(), Duration.ZERO, 1,
                null, null, null, null, null);
    }

    private static HostFacts host(String name, String seccomp) {
        return new HostFacts(name, "unix:///x", true, null, "Docker", "20.10.24", "1.41", "Debian", "6.1", "x86_64", "runc", "1.1",
                "1", "cgroupfs", List.of(), seccomp, false, false, false, false, "overlay2");
    }

    private static ImageFacts image(String name, String host, String glibc) {
        return new ImageFacts(name, host, "ref", "id", "sha", "Debian", "glibc", glibc, null, "dpkg", null);
    }

    private final List<CellResult> faccessat2Grid = List.of(
            cell("debian-13", "docker-legacy", Status.FAIL), cell("debian-12", "docker-legacy", Status.FAIL),
            cell("debian-11", "docker-legacy", Status.PASS), cell("debian-13", "docker", Status.PASS),
            cell("debian-12", "docker", Status.PASS), cell("debian-11", "docker", Status.PASS));
    private final Map<String, HostFacts> hosts = Map.of("docker", host("docker", "builtin"), "docker-legacy", host("docker-legacy", "/var/lib/legacy.json"));
    private final Map<String, ImageFacts> images = Map.of(
            "debian-13@docker", image("debian-13", "docker", "2.41"), "debian-13@docker-legacy", image("debian-13", "docker-legacy", "2.41"),
            "debian-12@docker", image("debian-12", "docker", "2.36"), "debian-12@docker-legacy", image("debian-12", "docker-legacy", "2.36"),
            "debian-11@docker", image("debian-11", "docker", "2.31"), "debian-11@docker-legacy", image("debian-11", "docker-legacy", "2.31"));

    @Test
    void factsThatSeparateFailingFromPassingCellsComeFirst() {
        List<FactDifference> ranking = Triage.rank(faccessat2Grid.get(0), faccessat2Grid, hosts, images);

        assertThat(ranking).extracting(FactDifference::fact).first().isEqualTo("seccomp profile");
        assertThat(ranking).extracting(FactDifference::fact).contains("C library").doesNotContain("engine", "kernel");
    }

    @Test
    void aSeccompFlipNamesTheProfileAndTheCLibrary() {
        List<VariationResult> reruns = List.of(new VariationResult("as is", Component.NOT_REPRODUCIBLE, Status.FAIL, ""),
                new VariationResult("seccomp=unconfined", Component.SECCOMP, Status.PASS, ""),
                new VariationResult("--privileged", Component.PRIVILEGES, Status.PASS, ""));
        Verdict v = VerdictRules.decide(faccessat2Grid.get(0), images.get("debian-13@docker-legacy"), faccessat2Grid,
                Triage.rank(faccessat2Grid.get(0), faccessat2Grid, hosts, images), reruns);

        assertThat(v.component()).isEqualTo(Component.SECCOMP);
        assertThat(v.summary()).isEqualTo("passes with seccomp=unconfined and on host docker; fails only under docker-legacy's "
                + "seccomp profile (/var/lib/legacy.json): the host's seccomp profile blocks a syscall this image's C library uses (glibc 2.41)");
    }

    @Test
    void aPassingRerunIsNotReproducible() {
        Verdict v = VerdictRules.decide(faccessat2Grid.get(0), null, faccessat2Grid, List.of(),
                List.of(new VariationResult("as is", Component.NOT_REPRODUCIBLE, Status.PASS, "")));

        assertThat(v.component()).isEqualTo(Component.NOT_REPRODUCIBLE);
    }

    @Test
    void failingEverywhereWithoutAFlipBlamesTheScenarioOrImage() {
        List<CellResult> all = faccessat2Grid.stream().map(c -> cell(c.image(), c.host(), Status.FAIL)).toList();
        Verdict v = VerdictRules.decide(all.get(0), null, all, Triage.rank(all.get(0), all, hosts, images),
                List.of(new VariationResult("as is", Component.NOT_REPRODUCIBLE, Status.FAIL, ""),
                        new VariationResult("--privileged", Component.PRIVILEGES, Status.FAIL, "")));

        assertThat(v.component()).isEqualTo(Component.SCENARIO_OR_IMAGE);
        assertThat(v.summary()).contains("not a host");
    }

    @Test
    void withoutAFlipTheSeparatingHostFactDecides() {
        Verdict v = VerdictRules.decide(faccessat2Grid.get(0), null, faccessat2Grid,
                Triage.rank(faccessat2Grid.get(0), faccessat2Grid, hosts, images),
                List.of(new VariationResult("as is", Component.NOT_REPRODUCIBLE, Status.FAIL, "")));

        assertThat(v.component()).isEqualTo(Component.SECCOMP);
        assertThat(v.summary()).contains("the host fact that best separates failing from passing cells is seccomp profile");
    }

    private static HostFacts namespaced(String name, boolean rootless, List<String> uidMap, String runtime, String runtimeVersion) {
        return new HostFacts(name, "unix:///x", true, null, name.startsWith("podman") ? "Podman" : "Docker", "4.3.1", "1.41", "Debian", "6.18", "x86_64",
                runtime, runtimeVersion, "1", "cgroupfs", List.of(), "default", false, false, rootless, !uidMap.isEmpty(), "overlay2",
                uidMap, uidMap);
    }

    /** chown to uid 70000: passes on the plain hosts, fails in rootless Podman's namespace, and no rerun flips it there. */
    @Test
    void aUserNamespaceVerdictNamesTheMappingOfTheHost() {
        List<CellResult> grid = List.of(cell("debian-12", "podman-rootless", Status.FAIL), cell("debian-12", "docker", Status.PASS),
                cell("debian-12", "podman", Status.PASS));
        Map<String, HostFacts> facts = Map.of(
                "podman-rootless", namespaced("podman-rootless", true, List.of("0 1001 1", "1 100000 65536"), "runc", "1.1.5"),
                "docker", namespaced("docker", false, List.of(), "runc", "1.1.5"),
                "podman", namespaced("podman", false, List.of(), "runc", "1.1.5"));
        Verdict v = VerdictRules.decide(grid.get(0), null, grid, Triage.rank(grid.get(0), grid, facts, Map.of()),
                List.of(new VariationResult("as is", Component.NOT_REPRODUCIBLE, Status.FAIL, ""),
                        new VariationResult("--userns=host", Component.USER_NAMESPACE, Status.FAIL, "")));

        assertThat(v.component()).isEqualTo(Component.USER_NAMESPACE);
        assertThat(v.summary()).contains("the host maps uids 0-65536 inside: 0 is host uid 1001, 1-65536 are 100000-165535");
    }

    /** fchmodat2 under crun: the rerun with runc passes, and the verdict names both runtimes. */
    @Test
    void aRuntimeFlipNamesTheRuntimes() {
        List<CellResult> grid = List.of(cell("debian-13", "docker-crun", Status.FAIL), cell("debian-13", "docker", Status.PASS));
        Map<String, HostFacts> facts = Map.of("docker-crun", namespaced("docker-crun", false, List.of(), "crun", "1.8.1"),
                "docker", namespaced("docker", false, List.of(), "runc", "1.1.5+ds1"));
        Verdict v = VerdictRules.decide(grid.get(0), null, grid, Triage.rank(grid.get(0), grid, facts, Map.of()),
                List.of(new VariationResult("as is", Component.NOT_REPRODUCIBLE, Status.FAIL, ""),
                        new VariationResult("seccomp=unconfined", Component.SECCOMP, Status.FAIL, ""),
                        new VariationResult("--runtime runc", Component.OCI_RUNTIME, Status.PASS, "")));

        assertThat(v.component()).isEqualTo(Component.OCI_RUNTIME);
        assertThat(v.summary()).isEqualTo("passes with --runtime runc and on host docker: the OCI runtime, not the engine, makes the "
                + "difference (crun 1.8.1 here, runc 1.1.5+ds1 where it passes)");
    }

    /** An image rootless Podman cannot store: no container, no rerun; the verdict says which ids the host has and the image needs. */
    @Test
    void anImageTheHostCannotStoreIsExplainedByItsMappingAndTheIdItNeeds() {
        CellResult unusable = new CellResult("high-uid-file/high-uid@podman-rootless", "high-uid-file", "high-uid", "podman-rootless",
                Status.XFAIL, CellResult.IMAGE_UNUSABLE + " (known failure: r): ... processing tar file(potentially insufficient UIDs or GIDs"
                + " available in user namespace (requested 200000:200000 for /opt/high-uid): Check /etc/subuid ...", List.of(),
                Instant.now(), Duration.ZERO, 0, null, null, null, "r", null);

        var verdict = Causes.withoutReruns(unusable,
                namespaced("podman-rootless", true, List.of("0 1001 1", "1 100000 65536"), "runc", "1.1.5"));

        assertThat(unusable.imageUnusable()).isTrue();
        assertThat(verdict.component()).isEqualTo("USER_NAMESPACE");
        assertThat(verdict.summary()).isEqualTo("image not usable on podman-rootless: its containers get uids 0-65536 inside: 0 is host"
                + " uid 1001, 1-65536 are 100000-165535, and the image needs uid 200000 and gid 200000 (for /opt/high-uid); the engine"
                + " cannot store a file whose owner it cannot map");
        assertThat(Causes.causeOf(verdict, null)).isEqualTo("images with ids outside podman-rootless's user namespace");
    }

    @Test
    void dockerSaysWhichIdItCannotMap() {
        assertThat(UserNamespaceWords.neededId("Error processing tar file(exit status 1): Container ID 200000 cannot be mapped to a host ID"))
                .contains("id 200000");
        assertThat(UserNamespaceWords.mapping(List.of("0 165536 ?"))).contains("uids inside: 0 and up are 165536 and up (the engine does not say how many)");
    }
}
