package io.crosshost.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: a report that cannot be written is a harness error (exit 2, one line naming the file and the cause),
 * not a stderr line lost above an exit 0. No Docker: the one cell's host has no engine, so the cell is an ERROR.
 * The machine runs tests as root, so a chmod'ed directory would not stop a write; these take away the place a
 * report goes instead (a directory where the link must go, a regular file where a directory must be).
 */
class ReportWriteFailureTest {

    private static final Path GRID = Path.of("src/test/resources/fixtures/grid/matrices/lab-grid.yaml").toAbsolutePath();

    private static Cli.Result runOneCell(Path reports, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "-m", GRID.toString(), "-s", "exec-bit", "--host",
                "gone", "--image", "debian-11", "--reports", reports.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static List<String> problemLines(Cli.Result run) {
        return run.err().lines().filter(l -> l.startsWith("crosshost: could not")).toList();
    }

    @Test
    void aReportThatCannotBeWrittenMakesTheRunExit2WithOneLineAndTheOthersAreStillWritten(@TempDir Path reports)
            throws Exception {
        // "latest" is a directory with something in it: the link to the run cannot replace it.
        Files.createDirectories(reports.resolve("latest/someone's files"));

        Cli.Result run = runOneCell(reports);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(problemLines(run)).as(run.err()).singleElement().satisfies(line -> assertThat(line)
                .contains(reports.resolve("latest").toString()).contains("Is a directory"));
        assertThat(run.err()).as("no stack trace without --debug").doesNotContain("\tat ").doesNotContain("Exception");
        Path runDir;
        try (var dirs = Files.list(reports)) {
            runDir = dirs.filter(d -> !d.getFileName().toString().equals("latest")).findFirst().orElseThrow();
        }
        assertThat(List.of("results.jsonl", "results.json", "junit.xml", "summary.md", "index.html"))
                .allSatisfy(f -> assertThat(runDir.resolve(f)).isNotEmptyFile());
        assertThat(run.out()).as("the grid is still shown").contains("exec-bit");
    }

    @Test
    void withDebugTheCauseComesWithItsStackTrace(@TempDir Path reports) throws Exception {
        Files.createDirectories(reports.resolve("latest/someone's files"));

        Cli.Result run = runOneCell(reports, "--debug");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(problemLines(run)).hasSize(1);
        assertThat(run.err()).contains("\tat io.crosshost.report.");
    }

    @Test
    void aReportsDirectoryThatCannotBeMadeStopsTheRunBeforeAnyCell(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");

        Cli.Result run = runOneCell(file.resolve("reports"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(problemLines(run)).as(run.err()).singleElement().satisfies(line -> assertThat(line)
                .contains(file.resolve("reports").toString()).contains("Not a directory"));
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("NullPointerException");
    }
}
