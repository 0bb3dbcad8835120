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

    @Test
    void shardsMergeIntoTheGridOfOneRun(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        Cli.run("run", "-m", GRID.toString(), "--host", LAB_HOSTS, "--reports", whole.toString());
        Map<String, Status> expected = grid(ResultsFile.read(whole.resolve("latest")));
        assertThat(expected).hasSize(18);

        for (int n = 1; n <= 4; n++) {
            List<String> shardRuns = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                Path shard = dir.resolve("n" + n + "-k" + k);
                Cli.Result r = Cli.run("run", "-m", GRID.toString(), "--host", LAB_HOSTS, "--shard", k + "/" + n,
                        "--reports", shard.toString(), "--exit-zero-on-unexpected");
                assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
                shardRuns.add(shard.resolve("latest").toString());
            }
            Path merged = dir.resolve("merged-" + n);
            List<String> args = new ArrayList<>(List.of("merge", "-m", GRID.toString(), "--reports", merged.toString()));
            args.addAll(shardRuns);
            Cli.Result m = Cli.run(args.toArray(String[]::new));
            assertThat(m.exitCode()).as(m.out() + m.err()).isZero();

            RunResults mergedRun = ResultsFile.read(merged.resolve("latest"));
            assertThat(grid(mergedRun)).as("merge of %d shards", n).containsExactlyEntriesOf(expected);
            assertThat(mergedRun.cells()).extracting(CellResult::cellId)
                    .containsExactlyElementsOf(ResultsFile.read(whole.resolve("latest")).cells().stream().map(CellResult::cellId).toList());
        }
        Cli.Result gate = Cli.run("gate", dir.resolve("merged-4/latest").toString());
        assertThat(gate.exitCode()).isEqualTo(1);
        assertThat(gate.out()).contains("gate: FAIL").contains("exec-bit/debian-13@docker-legacy");
    }

    private static Map<String, Status> grid(RunResults run) {
        Map<String, Status> grid = new TreeMap<>();
        run.cells().forEach(c -> grid.put(c.cellId(), c.status()));
        return grid;
    }
}
