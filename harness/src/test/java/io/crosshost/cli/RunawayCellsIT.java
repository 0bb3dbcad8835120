package io.crosshost.cli;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.lab.LabHosts;
import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import io.crosshost.runtime.RunContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cells that never end or try to take the host down, on Docker and Podman: a process that never ends (the
 * container's own, a step's, a step's in the shared container) is killed at its timeout and its container removed;
 * a fork bomb and a memory eater are held by the per-cell limits (the matrix defaults, {@code Defaults.STANDARD} when
 * the matrix says nothing), end FAIL with a message that names the limit, and the next cell on the same host passes.
 * No container of the run is left on any host afterwards.
 */
class RunawayCellsIT {

    private static final Path STANDARD = Path.of("src/test/resources/fixtures/runaway/matrices/runaway.yaml").toAbsolutePath();
    private static final Path TIGHT = Path.of("src/test/resources/fixtures/runaway/matrices/runaway-tight.yaml").toAbsolutePath();
    /** Kill, the attached stream's end and the removal, on a lab host shared with other runs. */
    private static final Duration KILL_SLACK = Duration.ofSeconds(15);

    @Test
    void runawayCellsAreKilledAtTheirTimeoutOrHeldByTheLimitsAndTheHostsCarryOn(@TempDir Path reports) throws Exception {
        Map<String, DockerClient> hosts = Map.of("docker", LabHosts.connect(LabHosts.DOCKER), "podman", LabHosts.connect(LabHosts.PODMAN));
        long t0 = System.nanoTime();
        Cli.Result run = Cli.run("run", "-m", STANDARD.toString(), "--reports", reports.toString());
        System.out.printf("RunawayCellsIT: standard limits, docker and podman: %d s%n", Duration.ofNanos(System.nanoTime() - t0).toSeconds());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        RunResults results = ResultsFile.read(reports.resolve("latest"));
        Map<String, CellResult> cells = results.cells().stream().collect(Collectors.toMap(CellResult::cellId, Function.identity()));
        assertThat(cells).hasSize(12);
        for (String host : hosts.keySet()) {
            for (String neverEnds : List.of("never-ends", "never-ends-in-a-step", "never-ends-shared")) {
                CellResult c = cells.get(neverEnds + "/debian-12@" + host);
                assertThat(c.status()).as(c.cellId() + ": " + c.message()).isEqualTo(Status.FAIL);
                assertThat(c.message()).contains("timed out after 3s; the container was killed");
                Duration kill = c.duration().minus(Duration.ofSeconds(3));
                System.out.printf("RunawayCellsIT: %s: killed and removed %d ms after its 3 s timeout%n", c.cellId(), kill.toMillis());
                assertThat(kill).as("%s: from its timeout to its container removed", c.cellId()).isLessThan(KILL_SLACK);
            }
            CellResult bomb = cells.get("fork-bomb/debian-12@" + host);
            System.out.printf("RunawayCellsIT: %s: %s, %d ms%n", bomb.cellId(), bomb.message().lines().findFirst().orElse(""),
                    bomb.duration().toMillis());
            assertThat(bomb.status()).as(bomb.message()).isEqualTo(Status.FAIL);
            assertThat(bomb.message()).contains("timed out after 10s; the container was killed")
                    .contains("1024 processes were running, as many as its pids limit allows")
                    .contains("its limits: 1024 processes (pids_limit), 512 MiB of memory");
            assertThat(bomb.steps().get(0).stderr().text()).contains("Resource temporarily unavailable");
            assertThat(bomb.duration()).isLessThan(Duration.ofSeconds(10).plus(KILL_SLACK));

            CellResult eater = cells.get("memory-eater/debian-12@" + host);
            System.out.printf("RunawayCellsIT: %s: %s, %d ms%n", eater.cellId(), eater.message().lines().findFirst().orElse(""),
                    eater.duration().toMillis());
            assertThat(eater.status()).as(eater.message()).isEqualTo(Status.FAIL);
            assertThat(eater.exitCode()).isEqualTo(137);
            assertThat(eater.message().lines().findFirst().orElseThrow())
                    .contains("the container's memory limit is 512 MiB")
                    .contains(host.equals("docker") ? "out of memory: the kernel killed a process of the cell" : "exit code 137 is SIGKILL");

            CellResult alive = cells.get("still-alive/debian-12@" + host);
            assertThat(alive.status()).as("the host runs cells after all that: " + alive.message()).isEqualTo(Status.PASS);
        }
        assertNoContainerOf(results.run().runId(), hosts);

        // The limits are the matrix's: tighter defaults reach the containers and the messages.
        Path tightReports = reports.resolve("tight");
        Cli.Result tight = Cli.run("run", "-m", TIGHT.toString(), "--reports", tightReports.toString());
        assertThat(tight.exitCode()).as(tight.out() + tight.err()).isEqualTo(1);
        RunResults tightResults = ResultsFile.read(tightReports.resolve("latest"));
        Map<String, CellResult> tightCells = tightResults.cells().stream()
                .collect(Collectors.toMap(CellResult::scenario, Function.identity()));
        assertThat(tightCells.get("fork-bomb").message()).contains("200 processes were running, as many as its pids limit allows")
                .contains("its limits: 200 processes (pids_limit), 128 MiB of memory");
        assertThat(tightCells.get("memory-eater").message()).contains("the container's memory limit is 128 MiB");
        assertThat(tightCells.get("still-alive").status()).isEqualTo(Status.PASS);
        assertNoContainerOf(tightResults.run().runId(), hosts);
    }

    private static void assertNoContainerOf(String runId, Map<String, DockerClient> hosts) {
        hosts.forEach((name, client) -> assertThat(client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RunContext.LABEL_RUN, runId)).exec())
                .as("containers of run %s left on %s", runId, name).isEmpty());
    }
}
