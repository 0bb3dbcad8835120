package io.crosshost.jupiter;

import io.crosshost.fake.FakeEngine;
import io.crosshost.fake.FakeProcess;
import io.crosshost.jupiter.fixtures.FakeEngineCells;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extension on a fake engine (two hosts on one fake socket, two images): which invocations a matrix and its
 * exclusions give, their names, the verdicts, the containers removed, and a broken matrix's located message.
 */
class CrosshostExtensionTest {

    @TempDir
    Path dir;

    private Path matrix(FakeEngine engine, String extra) throws Exception {
        // The cell container's keep-alive main process lasts until the container is removed.
        engine.script(argv -> argv.get(argv.size() - 1).contains("sleep 3600")
                ? FakeProcess.exits(0).lasting(java.time.Duration.ofMinutes(10)) : FakeProcess.SHELLISH.apply(argv));
        Path file = dir.resolve("fake.yaml");
        Files.writeString(file, """
                name: fake
                hosts:
                  - {name: a, endpoint: "%1$s"}
                  - {name: b, endpoint: "%1$s"}
                images:
                  - {name: x, ref: fake/x, pull: never}
                  - {name: y, ref: fake/y, pull: never}
                %2$s
                """.formatted(engine.endpoint(), extra));
        return file;
    }

    @Test
    void cellsAreNamedLikeTheEnginesAndGetTheirVerdicts() throws Exception {
        try (FakeEngine engine = FakeEngine.start(dir)) {
            Path matrix = matrix(engine, """
                    exclude:
                      - {scenarios: [fake-engine-cells.echoes], hosts: [b], images: [y], reason: not on b for y}
                    """);
            JupiterLaunch launch = JupiterLaunch.run(Map.of("crosshost.matrix", matrix.toString(),
                    "crosshost.cacheDir", dir.resolve("cache").toString()), List.of("junit-jupiter"), FakeEngineCells.class);

            Map<String, TestExecutionResult.Status> byName = launch.invocations().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getStatus()));
            assertThat(byName).as("invocations; failures: %s", launch.summary().getFailures().stream()
                    .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException()).toList()).containsOnly(
                    Map.entry("fake-engine-cells.echoes / x @ a", TestExecutionResult.Status.SUCCESSFUL),
                    Map.entry("fake-engine-cells.echoes / x @ b", TestExecutionResult.Status.SUCCESSFUL),
                    Map.entry("fake-engine-cells.echoes / y @ a", TestExecutionResult.Status.SUCCESSFUL),
                    Map.entry("fake-engine-cells.echoes / y @ b", TestExecutionResult.Status.ABORTED),
                    Map.entry("fake-engine-cells.exits-zero / x @ b", TestExecutionResult.Status.SUCCESSFUL),
                    Map.entry("fake-engine-cells.exits-zero / y @ b", TestExecutionResult.Status.SUCCESSFUL),
                    Map.entry("fake-engine-cells.throws-something-else / x @ a", TestExecutionResult.Status.FAILED));
            Map<String, CellResult> cells = launch.cells().stream().collect(Collectors.toMap(CellResult::cellId, c -> c));
            assertThat(cells.get("fake-engine-cells.echoes/y@b").status()).isEqualTo(Status.SKIP);
            assertThat(cells.get("fake-engine-cells.echoes/y@b").message()).isEqualTo("not on b for y");
            assertThat(cells.get("fake-engine-cells.exits-zero/y@b").status()).isEqualTo(Status.XFAIL);
            assertThat(cells.get("fake-engine-cells.exits-zero/y@b").message()).startsWith("known failure: y exits 3\n\n[fake-engine-cells.exits-zero / y @ b] `sh -c 'exit 3'` exited with 3, expected 0");
            assertThat(cells.get("fake-engine-cells.exits-zero/x@b").status()).isEqualTo(Status.PASS);
            assertThat(cells.get("fake-engine-cells.throws-something-else/x@a").status()).isEqualTo(Status.ERROR);
            assertThat(cells.get("fake-engine-cells.throws-something-else/x@a").message())
                    .isEqualTo("[fake-engine-cells.throws-something-else / x @ a] not an assertion");
            assertThat(cells.get("fake-engine-cells.echoes/x@a").steps()).singleElement()
                    .satisfies(s -> assertThat(s.stdout().text()).isEqualTo("hi\n"));
            assertThat(engine.awaitIdle(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(engine.containers()).as("containers left on the fake engine").isEmpty();
        }
    }

    @Test
    void aBrokenMatrixFailsTheMethodNamingFileAndLine() throws Exception {
        try (FakeEngine engine = FakeEngine.start(dir)) {
            Path matrix = matrix(engine, "defaults: {timeout: soon}");
            JupiterLaunch launch = JupiterLaunch.run(Map.of("crosshost.matrix", matrix.toString()), List.of("junit-jupiter"),
                    FakeEngineCells.class);

            assertThat(launch.summary().getFailures()).hasSize(3).allSatisfy(f -> assertThat(f.getException())
                    .hasMessageStartingWith("the matrix " + matrix + " has problems:\n" + matrix + ":8:"));
            assertThat(launch.cells()).isEmpty();
        }
    }
}
