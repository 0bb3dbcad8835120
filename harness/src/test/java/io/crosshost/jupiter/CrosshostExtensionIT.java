package io.crosshost.jupiter;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.crosshost.jupiter.fixtures.PlacementCells;
import io.crosshost.jupiter.fixtures.SleepingCell;
import io.crosshost.jupiter.fixtures.VerdictCells;
import io.crosshost.lab.LabHosts;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import io.crosshost.runtime.RunContext;
import io.crosshost.report.ReportListener;
import io.crosshost.report.Reports;
import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jupiter extension on the lab's three real hosts, through the JUnit Platform Launcher as Surefire and Failsafe
 * run it: each Java cell's container is on its own host's daemon and no other's; a failing cell fails its test with
 * AssertJ's message naming the cell; known failures are XFAIL and XPASS; nothing of the run is left on any host,
 * also after SIGTERM; and with the engine in the same launch, YAML and Java cells are one report.
 */
class CrosshostExtensionIT {

    private static final Map<String, DockerClient> LAB = labClients();

    private static Map<String, DockerClient> labClients() {
        Map<String, DockerClient> clients = new LinkedHashMap<>();
        LabHosts.HOSTS.forEach(h -> clients.put(h.name(), LabHosts.connect(h)));
        return clients;
    }

    /**
     * One launch of Jupiter and the Crosshost engine (the YAML scenario hostname beside the Java cells), the engine's
     * report listener on: each Java cell ran on its own host, and one run directory holds both kinds of cell.
     */
    @Test
    void eachCellRunsOnItsOwnHostAndOneReportHoldsYamlAndJavaCells(@TempDir Path reports) throws Exception {
        PlacementCells.SEEN_ON.clear();
        Path lab = Path.of(System.getProperty("crosshost.root", ".."), "scenarios/matrices/lab.yaml").toAbsolutePath();
        JupiterLaunch launch = JupiterLaunch.run(Map.of("crosshost.matrix", lab.toString(),
                        "crosshost.scenarios", "hostname,placement-cells.where-it-runs", "crosshost.images", "debian-12",
                        // The first three hosts: the lab's user-namespace and runtime hosts add nothing to placement.
                        "crosshost.hosts", "docker,docker-legacy,podman",
                        "crosshost.reports", reports.toString()),
                List.of("junit-jupiter", "crosshost"), PlacementCells.class);

        assertThat(launch.summary().getFailures()).as("failures of the launch")
                .extracting(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException()).isEmpty();
        assertThat(launch.invocations().keySet()).contains(
                "placement-cells.where-it-runs / debian-12 @ docker",
                "placement-cells.where-it-runs / debian-12 @ docker-legacy",
                "placement-cells.where-it-runs / debian-12 @ podman",
                "hostname / debian-12 @ podman");
        assertThat(PlacementCells.SEEN_ON).containsOnly(
                Map.entry("placement-cells.where-it-runs/debian-12@docker", Set.of("docker")),
                Map.entry("placement-cells.where-it-runs/debian-12@docker-legacy", Set.of("docker-legacy")),
                Map.entry("placement-cells.where-it-runs/debian-12@podman", Set.of("podman")));
        assertThat(launch.entries().get("placement-cells.where-it-runs / debian-12 @ podman"))
                .containsEntry("crosshost.cell", "placement-cells.where-it-runs/debian-12@podman")
                .containsEntry("crosshost.status", "PASS")
                .containsEntry("crosshost.tags", "host:podman,image:debian-12");
        List<CellResult> java = launch.cells().stream().filter(c -> c.scenario().startsWith("placement")).toList();
        assertThat(java).hasSize(3).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(Status.PASS);
            assertThat(c.steps()).as("each exec is a step of the cell").hasSize(3);
            assertThat(c.steps().get(0).exitCode()).isEqualTo(3);
            assertThat(c.steps().get(0).stderr().text()).isEqualTo("err\n");
        });

        assertThat(launch.runs()).as("each part announces its start").hasSize(2)
                .extracting(r -> r.runId()).as("one run id for both parts").containsOnly(launch.runs().get(0).runId());
        String runId = launch.runs().get(0).runId();
        assertThat(Files.readSymbolicLink(reports.resolve(ReportListener.LATEST))).isEqualTo(Path.of(runId));
        try (var dirs = Files.list(reports)) {
            assertThat(dirs.filter(d -> Files.isDirectory(d) && !Files.isSymbolicLink(d)).toList()).hasSize(1);
        }
        Path run = reports.resolve(runId);
        RunResults results = ResultsFile.read(run.resolve(ResultsFile.RESULTS_JSON));
        assertThat(results.finished()).isTrue();
        List<String> all = List.of("hostname/debian-12@docker", "hostname/debian-12@docker-legacy", "hostname/debian-12@podman",
                "placement-cells.where-it-runs/debian-12@docker", "placement-cells.where-it-runs/debian-12@docker-legacy",
                "placement-cells.where-it-runs/debian-12@podman");
        assertThat(results.cells()).extracting(CellResult::cellId).containsExactlyInAnyOrderElementsOf(all);
        assertThat(results.cells()).extracting(CellResult::status).containsOnly(Status.PASS);
        assertThat(results.run().plannedCells()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(results.hosts()).extracting(h -> h.host()).containsExactlyInAnyOrder("docker", "docker-legacy", "podman");
        assertThat(results.cells()).filteredOn(c -> c.cellId().equals("placement-cells.where-it-runs/debian-12@docker"))
                .singleElement().satisfies(c -> assertThat(c.reproducer()).startsWith("docker -H unix:///var/run/docker.sock run"));
        assertThat(Files.readString(run.resolve(Reports.JUNIT_XML))).contains("crosshost.hostname").contains("placement-cells");
        assertThat(Files.readString(run.resolve(Reports.INDEX_HTML))).contains("placement-cells.where-it-runs/debian-12@podman");
        assertThat(Files.readString(run.resolve(Reports.SUMMARY_MD))).contains("of 6 cells");
        printDurations(launch);
        assertNothingLeft(runId);
    }

    @Test
    void failingCellsFailXfailPassesAndXpassFails() {
        // Two hosts are enough for each verdict: docker grants CAP_MKNOD and podman does not.
        JupiterLaunch launch = JupiterLaunch.run(Map.of("crosshost.images", "debian-12", "crosshost.hosts", "docker,podman"),
                List.of("junit-jupiter"), VerdictCells.class);

        Map<String, Status> statuses = launch.cells().stream().collect(Collectors.toMap(CellResult::cellId, CellResult::status));
        assertThat(statuses).containsOnly(
                Map.entry("verdict-cells.always-fails/debian-12@docker", Status.FAIL),
                Map.entry("verdict-cells.always-fails/debian-12@podman", Status.FAIL),
                Map.entry("verdict-cells.mknod-works/debian-12@docker", Status.PASS),
                Map.entry("verdict-cells.mknod-works/debian-12@podman", Status.XFAIL),
                Map.entry("verdict-cells.true-is-true/debian-12@docker", Status.XPASS),
                Map.entry("verdict-cells.true-is-true/debian-12@podman", Status.PASS));
        // What Surefire and Failsafe count: two FAILs and one XPASS fail their tests; the XFAIL passes.
        assertThat(launch.summary().getTotalFailureCount()).isEqualTo(3);
        assertThat(launch.summary().getTestsSucceededCount()).isEqualTo(3);
        TestExecutionResult failed = launch.invocations().get("verdict-cells.always-fails / debian-12 @ podman");
        assertThat(failed.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(failed.getThrowable().orElseThrow()).isInstanceOf(AssertionError.class).hasMessageContaining(
                "[verdict-cells.always-fails / debian-12 @ podman] `sh -c 'echo no such user >&2; exit 3'` exited with 3, expected 0")
                .hasMessageContaining("stderr: no such user");
        assertThat(launch.invocations().get("verdict-cells.mknod-works / debian-12 @ podman").getStatus())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        CellResult xfail = launch.cells().stream().filter(c -> c.status() == Status.XFAIL).findFirst().orElseThrow();
        assertThat(xfail.message()).startsWith("known failure: podman's default capabilities lack MKNOD (https://github.com/containers/podman/issues/15626)")
                .contains("Operation not permitted");
        assertThat(xfail.bug()).isEqualTo("https://github.com/containers/podman/issues/15626");
        assertThat(launch.invocations().get("verdict-cells.true-is-true / debian-12 @ docker").getThrowable().orElseThrow())
                .hasMessageStartingWith("XPASS verdict-cells.true-is-true / debian-12 @ docker\nexpected to fail (a fixture's claim");
        printDurations(launch);
        assertNothingLeft(runId(launch));
    }

    /** SIGTERM while a Java cell's exec runs: the JVM ends, and its container is gone from the host. */
    @Test
    void sigtermRemovesTheRunningCellsContainer(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dcrosshost.hosts=podman", "-Dcrosshost.images=debian-12",
                "-Dcrosshost.root=" + System.getProperty("crosshost.root", ".."),
                JupiterLaunch.class.getName(), SleepingCell.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            DockerClient podman = LAB.get("podman");
            String runId = null;
            // Generous: a new JVM opens podman and prepares its image first (over 60 s once on a machine at load 23).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (runId == null) {
                List<Container> mine = containersOf(podman, child.pid()).stream()
                        .filter(c -> "running".equals(c.getState())).toList();
                if (!mine.isEmpty()) {
                    runId = mine.get(0).getLabels().get(RunContext.LABEL_RUN);
                }
                assertThat(child.isAlive()).as("the child ended before its cell ran: %s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("the cell's container never ran on podman").isLessThan(deadline);
                Thread.sleep(50);
            }
            long signalled = System.nanoTime();
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("the child ends after SIGTERM").isTrue();
            System.out.printf("SIGTERM: the child JVM ended %.1f s after the signal%n", (System.nanoTime() - signalled) / 1e9);
            assertNothingLeft(runId);
        } finally {
            child.destroyForcibly();
        }
    }

    /** Each cell's time, container made and removed included, for the record of what these tests cost. */
    static void printDurations(JupiterLaunch launch) {
        launch.cells().forEach(c -> System.out.printf("%s: %s in %d ms%n", c.cellId(), c.status(), c.duration().toMillis()));
    }

    private static List<Container> containersOf(DockerClient host, long pid) {
        return host.listContainersCmd().withShowAll(true).withLabelFilter(List.of(RunContext.LABEL_OWNER)).exec().stream()
                .filter(c -> c.getLabels().get(RunContext.LABEL_OWNER).contains(":" + pid + ":")).toList();
    }

    static String runId(JupiterLaunch launch) {
        assertThat(launch.runs()).as("the runs the launch started").hasSize(1);
        return launch.runs().get(0).runId();
    }

    static void assertNothingLeft(String runId) {
        List<String> left = new ArrayList<>();
        LAB.forEach((name, client) -> client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(RunContext.LABEL_RUN, runId)).exec()
                .forEach(c -> left.add(name + ": " + c.getId() + " " + c.getLabels())));
        assertThat(left).as("containers of run %s left on the lab's hosts", runId).isEmpty();
    }
}
