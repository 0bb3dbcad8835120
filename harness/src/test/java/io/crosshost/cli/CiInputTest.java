package io.crosshost.cli;

import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.RunInfo;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What CI hands the command (no Docker): parameters passed through even when empty, shards dealt no cell, and a
 * merge of shards that must be complete (the Jenkinsfile's pipeline; JenkinsfileCommandsIT runs it on the lab).
 */
class CiInputTest {

    private static final Path GRID = Path.of("src/test/resources/fixtures/grid/matrices/lab-grid.yaml").toAbsolutePath();

    @Test
    void emptyFilterValuesMeanAll() {
        Cli.Result all = Cli.run("list", "-m", GRID.toString());
        Cli.Result empty = Cli.run("list", "-m", GRID.toString(), "--scenario", "", "--tag", "", "--host", "", "--image", "",
                "--shard", "");
        assertThat(empty.exitCode()).as(empty.err()).isZero();
        assertThat(empty.out()).isEqualTo(all.out()).contains("24 cells");

        Cli.Result strays = Cli.run("list", "-m", GRID.toString(), "--scenario", " exec-bit, ", "--tag", ",");
        assertThat(strays.exitCode()).as(strays.err()).isZero();
        assertThat(strays.out()).contains("8 cells");

        Cli.Result validate = Cli.run("validate", "--matrix", GRID.toString(), "--scenario", "", "--tag", "");
        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("24 cells");
    }

    @Test
    void aShardDealtNoCellWritesAnEmptyRunForTheMerge(@TempDir Path dir) throws Exception {
        // one cell, two shards: shard 2 has nothing to run and touches no host
        Cli.Result run = Cli.run("run", "-m", GRID.toString(), "-s", "exec-bit", "--host", "docker", "--image", "debian-11",
                "--shard", "2/2", "--reports", dir.toString(), "--exit-zero-on-unexpected");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("shard 2/2 was dealt no cell; wrote an empty run");
        RunResults empty = ResultsFile.read(dir.resolve("latest/results.json"));
        assertThat(empty.cells()).isEmpty();
        assertThat(empty.run().shard()).isEqualTo("2/2");
        assertThat(empty.run().matrix()).isEqualTo("lab-grid");
        assertThat(dir.resolve("latest/junit.xml")).isRegularFile();

        Cli.Result unsharded = Cli.run("run", "-m", GRID.toString(), "--tag", "no-such-tag", "--reports",
                dir.resolve("unsharded").toString());
        assertThat(unsharded.out()).as("unsharded, an empty selection still writes nothing").contains("no cell selected");
        assertThat(dir.resolve("unsharded")).doesNotExist();
    }

    @Test
    void mergeTakesOnlyACompleteSetOfShards(@TempDir Path dir) throws Exception {
        Path s1 = shard(dir, "1/3", "a");
        Path s2 = shard(dir, "2/3", "b");
        Path s3 = shard(dir, "3/3");
        Path other = shard(dir, "2/2", "c");
        Path unsharded = shard(dir, null, "d");

        Cli.Result missing = merge(dir, s1, s3);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("shard 2/3 is missing (got 1/3, 3/3)").doesNotContain("Exception");

        Cli.Result twoMissing = merge(dir, s3);
        assertThat(twoMissing.err()).contains("shards 1/3, 2/3 are missing (got 3/3)");

        Cli.Result twice = merge(dir, s1, s2, s3, s2);
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("shard 2/3 is given twice");

        Cli.Result mixed = merge(dir, s1, s2, other);
        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.err()).contains("is shard 2/2 but").contains("is shard 1/3");

        Cli.Result complete = merge(dir, s1, s2, s3, unsharded);
        assertThat(complete.exitCode()).as(complete.err()).isZero();
        assertThat(complete.err()).containsPattern("crosshost: reports of 3 cells written in \\d+ ms: ");
        assertThat(ResultsFile.read(dir.resolve("merged/latest")).cells()).extracting(CellResult::cellId)
                .containsExactly("a/debian-11@docker", "b/debian-11@docker", "d/debian-11@docker");
    }

    private static Cli.Result merge(Path dir, Path... runs) {
        List<String> args = new ArrayList<>(List.of("merge", "-m", GRID.toString(), "--reports", dir.resolve("merged").toString(),
                "--baseline-if-present", dir.resolve("no/baseline.json").toString()));
        for (Path run : runs) {
            args.add(run.toString());
        }
        return Cli.run(args.toArray(String[]::new));
    }

    /** A finished run's results.json with one passing cell per scenario id. */
    private static Path shard(Path dir, String shard, String... scenarios) throws Exception {
        Instant t = Instant.parse("2025-11-20T02:00:00Z");
        List<CellResult> cells = new ArrayList<>();
        for (String s : scenarios) {
            cells.add(new CellResult(s + "/debian-11@docker", s, "debian-11", "docker", Status.PASS, null, List.of(), t,
                    Duration.ofMillis(600), 1, null, null, "docker run ...", null, null));
        }
        String id = "run-" + (shard == null ? "whole" : shard.replace('/', '-')) + "-" + String.join("", scenarios);
        RunInfo info = new RunInfo(id, "lab-grid", t, cells.stream().map(CellResult::cellId).toList(), shard);
        Path file = dir.resolve(id).resolve("results.json");
        java.nio.file.Files.createDirectories(file.getParent());
        ResultsFile.write(new RunResults(info, t.plusSeconds(5), false, List.of(), List.of(), cells), file);
        return file;
    }
}
