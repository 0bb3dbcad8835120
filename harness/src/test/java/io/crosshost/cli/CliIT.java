package io.crosshost.cli;

import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The command on the lab: progress, the grid, exit codes, and shards that merge into the unsharded grid. */
class CliIT {

    private static final Path GRID = Path.of("src/test/resources/fixtures/grid/matrices/lab-grid.yaml").toAbsolutePath();
    private static final String LAB_HOSTS = "docker,docker-legacy,podman";

    @Test
    void runPrintsProgressAndAGridAndExitsOneOnAnUnexpectedFailure(@TempDir Path reports) throws Exception {
        Cli.Result run = Cli.run("run", "-m", GRID.toString(), "--host", LAB_HOSTS, "-s", "exec-bit", "--reports", reports.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.err()).contains("cells").contains("FAIL  exec-bit / debian-13 @ docker-legacy").contains("[6/6]");
        assertThat(run.out()).contains("exec-bit").contains("docker-legacy").contains("FAIL").contains("skip")
                .contains("Report: " + reports);
        RunResults results = ResultsFile.read(reports.resolve("latest"));
        assertThat(results.cells()).hasSize(6);
        assertThat(Files.readString(reports.resolve("latest/index.html"))).contains("exec-bit");
    }

    @Test
    void runExitsZeroWhenEveryCellIsExpected(@TempDir Path reports) {
        Cli.Result run = Cli.run("run", "-m", GRID.toString(), "--host", "docker,podman", "-s", "two-steps", "--reports", reports.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    }

    @Test
    void badInputIsExitTwoWithOneClearLine(@TempDir Path dir) throws Exception {
        Cli.Result noMatrix = Cli.run("run", "-m", dir.resolve("nope.yaml").toString());
        assertThat(noMatrix.exitCode()).isEqualTo(2);
        assertThat(noMatrix.err()).startsWith("crosshost: no matrix file at").doesNotContain("Exception").doesNotContain("\tat ");

        Cli.Result badShard = Cli.run("list", "-m", GRID.toString(), "--shard", "5/4");
        assertThat(badShard.exitCode()).isEqualTo(2);
        assertThat(badShard.err()).contains("--shard").contains("K/N");

        Cli.Result unknownHost = Cli.run("list", "-m", GRID.toString(), "--host", "dokcer");
        assertThat(unknownHost.exitCode()).isEqualTo(2);
        assertThat(unknownHost.err()).contains("--host dokcer: no such name");

        Cli.Result unknownOption = Cli.run("run", "--frobnicate");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Unknown option: '--frobnicate'");
    }

    /**
     * Three shards of the lab grid, run and merged: the merged run holds every cell of the plan, in the plan's order,
     * with the status that cell has on the lab. Three shards rather than every N from 1 to 4 and a whole run beside
     * them (eleven runs, 77 s of CI): how cells are dealt to N shards is CellPlannerTest's; what needs the lab is that real
     * shard runs merge into the real grid.
     */
    @Test
    void shardsMergeIntoTheGridOfOneRun(@TempDir Path dir) throws Exception {
        Map<String, Status> expected = new TreeMap<>();
        for (String host : LAB_HOSTS.split(",")) {
            for (String image : List.of("debian-11", "debian-13")) {
                for (String scenario : List.of("exec-bit", "known-legacy", "two-steps")) {
                    expected.put(scenario + "/" + image + "@" + host, Status.PASS);
                }
            }
        }
        expected.put("exec-bit/debian-13@docker-legacy", Status.FAIL);
        expected.put("exec-bit/debian-11@podman", Status.SKIP);
        expected.put("known-legacy/debian-13@docker-legacy", Status.XFAIL);
        expected.put("known-legacy/debian-11@docker", Status.XPASS);
        Cli.Result plan = Cli.run("list", "-m", GRID.toString(), "--host", LAB_HOSTS);
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        List<String> planOrder = plan.out().lines().filter(l -> l.contains("@")).map(l -> l.split("\\s+")[0]).toList();
        assertThat(planOrder).hasSize(18).containsExactlyInAnyOrderElementsOf(expected.keySet());

        int n = 3;
        List<String> shardRuns = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            Path shard = dir.resolve("k" + k);
            Cli.Result r = Cli.run("run", "-m", GRID.toString(), "--host", LAB_HOSTS, "--shard", k + "/" + n,
                    "--reports", shard.toString(), "--exit-zero-on-unexpected");
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(ResultsFile.read(shard.resolve("latest")).cells()).as("shard %d/%d", k, n).hasSizeBetween(5, 7);
            shardRuns.add(shard.resolve("latest").toString());
        }
        Path merged = dir.resolve("merged");
        List<String> args = new ArrayList<>(List.of("merge", "-m", GRID.toString(), "--reports", merged.toString()));
        args.addAll(shardRuns);
        Cli.Result m = Cli.run(args.toArray(String[]::new));
        assertThat(m.exitCode()).as(m.out() + m.err()).isZero();

        RunResults mergedRun = ResultsFile.read(merged.resolve("latest"));
        assertThat(grid(mergedRun)).as("merge of %d shards", n).containsExactlyEntriesOf(expected);
        assertThat(mergedRun.cells()).extracting(CellResult::cellId).containsExactlyElementsOf(planOrder);
        Cli.Result gate = Cli.run("gate", merged.resolve("latest").toString());
        assertThat(gate.exitCode()).isEqualTo(1);
        assertThat(gate.out()).contains("gate: FAIL").contains("exec-bit/debian-13@docker-legacy");
    }

    private static Map<String, Status> grid(RunResults run) {
        Map<String, Status> grid = new TreeMap<>();
        run.cells().forEach(c -> grid.put(c.cellId(), c.status()));
        return grid;
    }
}
