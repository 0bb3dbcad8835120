package io.crosshost.definitions;

import io.crosshost.matrix.Matrix;
import io.crosshost.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.crosshost.definitions.SchemaCheck.SCENARIOS;
import static org.assertj.core.api.Assertions.assertThat;

/** Every shipped scenario and matrix file loads without a problem, passes its JSON Schema and names its schema. */
class ShippedDefinitionsTest {

    static Stream<Path> scenarioFiles() throws IOException {
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static Stream<Path> matrixFiles() throws IOException {
        try (Stream<Path> files = Files.list(SCENARIOS.resolve("matrices"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("scenarioFiles")
    void scenarioFileLoadsAndPassesTheSchema(Path file) throws IOException {
        LoadedDefinitions loaded = DefinitionLoader.loadScenarios(List.of(file));

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.scenarios()).isNotEmpty();
        assertThat(SchemaCheck.scenarioErrors(file)).isEmpty();
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("# yaml-language-server: $schema=schema/scenario.schema.json");
    }

    @ParameterizedTest
    @MethodSource("matrixFiles")
    void matrixFileLoadsWithTheCatalogAndPassesTheSchema(Path file) throws IOException {
        LoadedDefinitions loaded = DefinitionLoader.load(file, List.of(SCENARIOS));

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.ok()).isTrue();
        assertThat(SchemaCheck.matrixErrors(file)).isEmpty();
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("# yaml-language-server: $schema=../schema/matrix.schema.json");
    }

    @Test
    void theCatalogHasTheScenariosAQeTeamRunsWithTheirWhy() {
        List<Scenario> scenarios = DefinitionLoader.loadScenarios(List.of(SCENARIOS)).scenarios();

        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(15);
        assertThat(scenarios).allSatisfy(s -> assertThat(s.description()).startsWith("Why: "));
        assertThat(scenarios).extracting(Scenario::id)
                .contains("useradd-passwd", "faccessat2-access-check", "threads-clone3", "read-only-rootfs")
                .doesNotHaveDuplicates();
    }

    @Test
    void theSeedScenarioExpectsFredAndKnowsTheSelinuxBug() {
        Scenario seed = DefinitionLoader.loadScenarios(List.of(SCENARIOS.resolve("useradd-passwd.yaml"))).scenarios().get(0);

        assertThat(seed.steps()).singleElement().satisfies(step -> {
            assertThat(step.command().toArgv()).containsExactly("sh", "-c", "useradd fred && cat /etc/passwd");
            assertThat(step.expect().stdout().contains()).containsExactly("fred:");
        });
        assertThat(seed.knownFailureFor("ci-rhel7-enforcing", "fedora-14")).isPresent();
        assertThat(seed.knownFailureFor("ci-rhel7-enforcing", "rhel-6.10")).isPresent();
        assertThat(seed.knownFailureFor("ci-rhel9", "fedora-14")).isEmpty();
        assertThat(seed.knownFailureFor("ci-rhel7-enforcing", "ubi-9")).isEmpty();
    }

    @Test
    void theLabMatrixPlansTheGridItWasWrittenFor() {
        LoadedDefinitions lab = DefinitionLoader.load(SCENARIOS.resolve("matrices/lab.yaml"), List.of(SCENARIOS));
        Matrix matrix = lab.matrix();

        assertThat(matrix.name()).isEqualTo("lab");
        assertThat(matrix.hosts()).extracting(h -> h.name() + " " + h.endpoint().uri() + " " + h.concurrency() + " " + h.runtime())
                .containsExactly(
                        "docker unix:///var/run/docker.sock 2 null",
                        "docker-legacy unix:///run/crosshost-lab/docker-legacy.sock 2 null",
                        "podman unix:///run/podman/podman.sock 2 null",
                        "podman-rootless unix:///run/crosshost-lab/podman-rootless/podman/podman.sock 2 null",
                        "docker-userns unix:///run/crosshost-lab/docker-userns.sock 2 null",
                        "docker-crun unix:///run/crosshost-lab/docker-crun.sock 2 crun");
        assertThat(matrix.images()).extracting(i -> i.name() + " " + i.reference() + " " + i.pull() + " " + i.archive()).containsExactly(
                "debian-11 crosshost.test/debian:11 NEVER null",
                "debian-12 registry.crosshost.test:5443/lab/debian:12 MISSING null",
                "debian-13 crosshost.test/debian:13 NEVER null",
                "busybox registry.crosshost.test:5443/lab/busybox:latest ALWAYS null",
                "high-uid crosshost.test/high-uid:latest NEVER /var/cache/crosshost-lab/high-uid.docker-archive.tar");
        Scenario highUid = lab.scenarios().stream().filter(s -> s.id().equals("high-uid-file")).findFirst().orElseThrow();
        assertThat(highUid.knownFailureFor("podman-rootless", "high-uid")).get()
                .satisfies(k -> assertThat(k.kind()).isEqualTo(io.crosshost.scenario.KnownFailure.Kind.IMAGE_UNUSABLE))
                .satisfies(k -> assertThat(k.explainsCouldNotRun("... (potentially insufficient UIDs or GIDs available in user namespace (requested 200000:200000 ...")).isTrue())
                .satisfies(k -> assertThat(k.explainsCouldNotRun("host podman-rootless stopped answering")).isFalse());
        assertThat(matrix.exclusionFor("chown-outside-mapping", "docker", "high-uid")).isPresent();
        assertThat(matrix.exclusionFor("high-uid-file", "docker", "debian-12")).isPresent();
        assertThat(matrix.exclusionFor("high-uid-file", "docker", "high-uid")).isEmpty();
        Scenario faccessat2 = lab.scenarios().stream().filter(s -> s.id().equals("faccessat2-access-check")).findFirst().orElseThrow();
        assertThat(faccessat2.knownFailureFor("docker-legacy", "debian-13")).isPresent();
        assertThat(faccessat2.knownFailureFor("docker-legacy", "debian-11")).isEmpty();
        assertThat(faccessat2.knownFailureFor("docker", "debian-13")).isEmpty();
        assertThat(matrix.exclusionFor("useradd-passwd", "podman", "busybox")).isPresent();
        assertThat(matrix.exclusionFor("useradd-passwd", "podman", "debian-12")).isEmpty();
    }
}
