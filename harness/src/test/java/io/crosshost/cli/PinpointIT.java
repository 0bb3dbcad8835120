package io.crosshost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosshost.lab.PrivateDockerd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pinpoint triage on the lab's real hosts (issue 14): the syscall, the capability and the package that break a
 * cell, each confirmed by reruns, within 40 reruns and 3 minutes a cell. Nothing here knows the names in advance:
 * the last test's dockerd denies a call that only its own scenario needs.
 */
class PinpointIT {

    private static final Path ROOT = Path.of(System.getProperty("crosshost.root", "..")).toAbsolutePath().normalize();

    @TempDir
    static Path reports;

    @BeforeAll
    static void runTheBugScenariosOnTheLab() {
        Cli.Result run = Cli.run("run", "-m", ROOT.resolve("scenarios/matrices/lab.yaml").toString(), "--scenarios",
                ROOT.resolve("scenarios").toString(), "-s", "faccessat2-access-check,threads-clone3,mknod-device",
                "--image", "debian-11,debian-12,debian-13", "--host", "docker,docker-legacy,podman", "--reports", reports.toString());
        // Every failing cell of these scenarios is a known failure of the catalog.
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    }

    private static JsonNode triage(Path results, String matrix, String cell) throws Exception {
        Cli.Result result = Cli.run("triage", cell, "-m", matrix, "--results", results.toString());
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(Files.readString(results.resolve("triage").resolve(cell.replace('/', '_') + ".json")));
        // The budget of issue 14, and the cost said in the output.
        assertThat(report.get("rerunCount").asInt()).as(result.out()).isBetween(1, 40);
        assertThat(report.get("seconds").asDouble()).as(result.out()).isLessThan(180);
        assertThat(result.out()).containsPattern("triage cost: \\d+ reruns and \\d+ probe containers in [0-9.]+ s");
        return report;
    }

    private static JsonNode lab(String cell) throws Exception {
        return triage(reports.resolve("latest"), ROOT.resolve("scenarios/matrices/lab.yaml").toString(), cell);
    }

    private static JsonNode pinpoint(JsonNode report, String kind) {
        for (JsonNode p : report.get("pinpoints")) {
            if (p.get("kind").asText().equals(kind)) {
                return p;
            }
        }
        throw new AssertionError("no " + kind + " pinpoint in " + report.toPrettyString());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static void allConfirmedButSuggestions(JsonNode pinpoint, int confirmed) {
        List<Boolean> flags = new ArrayList<>();
        pinpoint.get("actions").forEach(a -> flags.add(a.get("confirmed").asBoolean()));
        assertThat(flags.subList(0, confirmed)).as(pinpoint.toPrettyString()).containsOnly(true);
    }

    @Test
    void faccessat2OnTheLegacyHostIsFaccessat2WithEpermAndLibc6ForDebian12() throws Exception {
        JsonNode report = lab("faccessat2-access-check/debian-12@docker-legacy");

        JsonNode syscall = pinpoint(report, "syscall");
        assertThat(texts(syscall.get("culprits"))).containsExactly("faccessat2 (EPERM)");
        allConfirmedButSuggestions(syscall, 2);
        assertThat(syscall.get("workaroundProfile").asText()).contains("\"faccessat2\"").contains("\"errnoRet\":38");
        JsonNode pkg = pinpoint(report, "package");
        assertThat(texts(pkg.get("culprits"))).singleElement().asString().matches("libc6 2\\.31-\\S+ -> 2\\.36-\\S+");
        allConfirmedButSuggestions(pkg, 1);
        assertThat(reports.resolve("latest/triage/faccessat2-access-check_debian-12@docker-legacy.seccomp.json")).isNotEmptyFile();
    }

    @Test
    void threadsOnTheLegacyHostAreClone3WithEpermAndLibc6() throws Exception {
        JsonNode report = lab("threads-clone3/debian-12@docker-legacy");

        assertThat(texts(pinpoint(report, "syscall").get("culprits"))).containsExactly("clone3 (EPERM)");
        allConfirmedButSuggestions(pinpoint(report, "syscall"), 2);
        assertThat(texts(pinpoint(report, "package").get("culprits"))).singleElement().asString().startsWith("libc6 2.31-");
    }

    @Test
    void mknodOnPodmanIsCapMknodAndTheWorkaroundIsConfirmed() throws Exception {
        JsonNode report = lab("mknod-device/debian-12@podman");

        assertThat(report.at("/verdict/component").asText()).isEqualTo("CAPABILITIES");
        JsonNode capability = pinpoint(report, "capability");
        assertThat(texts(capability.get("culprits"))).containsExactly("CAP_MKNOD");
        assertThat(capability.get("summary").asText()).contains("podman's default set lacks MKNOD, docker's has it");
        assertThat(capability.at("/actions/0/text").asText()).isEqualTo("workaround: cap_add: [MKNOD] in the scenario");
        assertThat(capability.at("/actions/0/confirmed").asBoolean()).isTrue();
    }

    /** A dockerd of the test's own whose profile denies uname(2): the triage must name uname, which nothing told it. */
    @Test
    void aHostThatDeniesAnotherSyscallGetsThatSyscallNamed(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("deny-uname.json");
        Files.writeString(profile, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"uname\"],"
                + "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}]}");
        try (PrivateDockerd strict = PrivateDockerd.start(dir.resolve("engine"), List.of("--seccomp-profile", profile.toString()))) {
            strict.importFromLabDocker("crosshost.test/debian:12");
            Path scenarios = Files.createDirectories(dir.resolve("suite"));
            Files.writeString(scenarios.resolve("kernel-release.yaml"), String.join("\n",
                    "id: kernel-release", "title: uname -r names the kernel", "run: uname -r", "expect:", "  exit_code: 0", ""));
            Path matrix = Files.createDirectories(scenarios.resolve("matrices")).resolve("strict.yaml");
            Files.writeString(matrix, String.join("\n", "name: strict", "hosts:",
                    "  - name: strict", "    endpoint: " + strict.unixEndpoint(),
                    "  - name: docker", "    endpoint: unix:///var/run/docker.sock",
                    "images:", "  - name: debian-12", "    ref: crosshost.test/debian:12", "    pull: never", ""));
            Path own = dir.resolve("reports");
            Cli.Result run = Cli.run("run", "-m", matrix.toString(), "--scenarios", scenarios.toString(), "--reports", own.toString());
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);

            JsonNode report = triage(own.resolve("latest"), matrix.toString(), "kernel-release/debian-12@strict");

            assertThat(report.at("/verdict/component").asText()).isEqualTo("SECCOMP");
            JsonNode syscall = pinpoint(report, "syscall");
            assertThat(texts(syscall.get("culprits"))).containsExactly("uname (EPERM)");
            allConfirmedButSuggestions(syscall, 1);
            // uname has no fallback: ENOSYS breaks it too, and the triage says so rather than claim a workaround.
            assertThat(syscall.at("/actions/1/confirmed").asBoolean()).isFalse();
            assertThat(syscall.at("/actions/1/text").asText()).startsWith("workaround: allow uname (answering ENOSYS instead did not");
            assertThat(strict.docker("ps", "-aq").strip()).as("containers left on the test's dockerd").isEmpty();
        }
    }
}
