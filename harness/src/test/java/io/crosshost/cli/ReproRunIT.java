package io.crosshost.cli;

import io.crosshost.assertion.ExpectationCheck;
import io.crosshost.assertion.Observed;
import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import io.crosshost.scenario.Scenario;
import io.crosshost.definitions.DefinitionLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reproducer is the cell: for the scenarios whose verdict depends on create-time options (limits, a read-only root,
 * capabilities, a user), each cell's {@code repro --run} on every lab host gives what the cell gave, judged by the
 * scenario's own expectations. Before the one ContainerSpec, cgroup-limits' reproducer printed memory=max pids=max.
 */
class ReproRunIT {

    private static final Path ROOT = Path.of(System.getProperty("crosshost.root", "..")).toAbsolutePath().normalize();
    private static final List<String> SCENARIOS = List.of("cgroup-limits", "read-only-rootfs", "capabilities-drop-all", "nonroot-user");

    @Test
    void reproRunGivesEachCellsVerdictOnEveryLabHost(@TempDir Path reports) throws Exception {
        Cli.Result run = Cli.run("run", "-m", ROOT.resolve("scenarios/matrices/lab.yaml").toString(),
                "--scenarios", ROOT.resolve("scenarios").toString(), "-s", String.join(",", SCENARIOS), "--host", "docker,docker-legacy,podman",
                "--image", "debian-12,busybox", "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        RunResults results = ResultsFile.read(reports.resolve("latest"));
        Map<String, Scenario> scenarios = DefinitionLoader.loadScenarios(List.of(ROOT.resolve("scenarios"))).scenarios().stream()
                .collect(Collectors.toMap(Scenario::id, Function.identity()));

        List<String> compared = new ArrayList<>();
        for (CellResult cell : results.cells()) {
            if (cell.status() == Status.SKIP) {
                continue;
            }
            Cli.Result repro = Cli.run("repro", cell.cellId(), "--results", reports.resolve("latest").toString());
            assertThat(repro.exitCode()).as(repro.err()).isZero();
            String line = repro.out().strip();
            Process process = new ProcessBuilder("sh", "-c", line).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(line).isTrue();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            Scenario scenario = scenarios.get(cell.scenario());
            List<String> failures = ExpectationCheck.failures(cell.cellId(), scenario.steps().get(0).expect(),
                    new Observed(process.exitValue(), false, "2m", stdout, stderr, Map.of()));
            boolean cellPassed = cell.status() == Status.PASS || cell.status() == Status.XPASS;

            assertThat(failures.isEmpty()).as("%s is %s; its reproducer%n%s%ngave exit %d%n%s%s%n%s", cell.cellId(), cell.status(), line,
                    process.exitValue(), stdout, stderr, failures).isEqualTo(cellPassed);
            compared.add(cell.cellId());
        }
        // Every lab host and every one of the four scenarios was compared, not only some of them.
        assertThat(compared).extracting(id -> id.substring(id.indexOf('@') + 1)).contains("docker", "docker-legacy", "podman");
        assertThat(compared).extracting(id -> id.substring(0, id.indexOf('/'))).containsAll(SCENARIOS);
    }
}
