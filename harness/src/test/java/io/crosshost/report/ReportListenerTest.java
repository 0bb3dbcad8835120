package io.crosshost.report;

import io.crosshost.result.CellResult;
import io.crosshost.result.RunInfo;
import io.crosshost.result.Status;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportListenerTest {

    @TempDir
    Path root;

    private static ReportListener listener(Path root, Path baseline, Instant finishedAt) {
        return new ReportListener(root, baseline, ReportListener.DEFAULT_HISTORY_DEPTH,
                Clock.fixed(finishedAt, ZoneOffset.UTC));
    }

    /** Feeds a run as the harness would: facts first, then cells from several threads at once. */
    private static void play(ReportListener listener, RunResults run) throws Exception {
        listener.runStarted(run.run());
        run.hosts().forEach(listener::hostFacts);
        run.images().forEach(listener::imageFacts);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (CellResult cell : run.cells()) {
                done.add(pool.submit(() -> listener.cellFinished(cell)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        listener.runFinished(run.run(), false);
    }

    @Test
    void aFinishedRunHasEveryReportAndLatestPointsAtIt() throws Exception {
        RunResults run = SyntheticResults.allStatuses();
        ReportListener listener = listener(root, null, run.finishedAt());

        play(listener, run);

        Path dir = root.resolve(run.run().runId());
        assertThat(listener.runDirectory()).isEqualTo(dir);
        assertThat(List.of("results.json", "results.jsonl", "junit.xml", "index.html", "summary.md"))
                .allSatisfy(f -> assertThat(dir.resolve(f)).isNotEmptyFile());
        ResultsFileTest.assertValid(dir.resolve("results.json"));
        JunitXmlWriterTest.assertValidAgainstJenkinsXsd(dir.resolve("junit.xml"));
        RunResults back = ResultsFile.read(dir);
        assertThat(back.finishedAt()).isEqualTo(run.finishedAt());
        assertThat(back.cells()).containsExactlyInAnyOrderElementsOf(
                run.cells().stream().map(c -> ResultsJson.readCell(ResultsJson.cell(c))).toList());
        Path latest = root.resolve("latest");
        assertThat(Files.isSymbolicLink(latest)).isTrue();
        assertThat(Files.readSymbolicLink(latest)).isEqualTo(Path.of(run.run().runId()));
        assertThat(root.resolve("latest/results.json")).isNotEmptyFile();
        try (var left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void theTimeTheFinalReportsTookIsKnownOnceTheRunFinished() throws Exception {
        RunResults run = SyntheticResults.allStatuses();
        ReportListener listener = listener(root, null, run.finishedAt());
        assertThat(listener.writeTime()).isEmpty();

        long t0 = System.nanoTime();
        play(listener, run);
        long wholeCall = System.nanoTime() - t0;

        // Measured inside runFinished, so never more than the whole run's calls took; the reports take some time.
        assertThat(listener.writeTime()).hasValueSatisfying(took -> assertThat(took.toNanos()).isPositive().isLessThanOrEqualTo(wholeCall));
    }

    @Test
    void theNextRunMovesLatestShowsHistoryAndDiffsAgainstTheBaseline() throws Exception {
        RunResults first = SyntheticResults.ofSize(40);
        play(listener(root, null, first.finishedAt()), first);
        List<CellResult> cells = first.cells().stream()
                .map(c -> c.cellId().equals("scenario-00000/debian-11@docker") ? SyntheticResults.withStatus(c,
                        Status.FAIL) : c).toList();
        Instant tomorrow = SyntheticResults.T0.plusSeconds(86_400);
        RunResults second = SyntheticResults.withCells(first, "second", tomorrow, cells, first.hosts(),
                first.images());

        play(listener(root, root.resolve("synthetic-40"), tomorrow.plusSeconds(60)), second);

        assertThat(Files.readSymbolicLink(root.resolve("latest"))).isEqualTo(Path.of("second"));
        var data = ResultsJson.MAPPER.readTree(Jsoup.parse(root.resolve("second/index.html").toFile(), "UTF-8")
                .getElementById("crosshost-data").data());
        assertThat(data.path("history").path("runs").get(0).path("id").asText()).isEqualTo("synthetic-40");
        assertThat(data.path("history").path("cells").path("scenario-00000/debian-11@docker").asText())
                .isEqualTo("P");
        assertThat(data.path("diff").path("changes").get(0).path("cellId").asText())
                .isEqualTo("scenario-00000/debian-11@docker");
        assertThat(Files.readString(root.resolve("second/summary.md")))
                .contains("- regression `scenario-00000/debian-11@docker` PASS → FAIL");
    }

    @Test
    void historyKeepsTheLastRunsBeforeThisOneOldestFirst() throws Exception {
        RunResults base = SyntheticResults.ofSize(20);
        for (int i = 0; i < 4; i++) {
            Instant at = SyntheticResults.T0.plusSeconds(3600L * i);
            Status status = i % 2 == 0 ? Status.PASS : Status.FLAKY;
            List<CellResult> cells = base.cells().stream().map(c -> SyntheticResults.withStatus(c, status)).toList();
            play(listener(root, null, at.plusSeconds(60)),
                    SyntheticResults.withCells(base, "run-" + i, at, cells, base.hosts(), base.images()));
        }
        // A directory that is not a run, and a run that crashed: neither stops the history.
        Files.createDirectories(root.resolve("junk"));
        Files.writeString(root.resolve("junk/results.json"), "not json");

        History history = History.load(root, "run-3", SyntheticResults.T0.plusSeconds(3 * 3600), 2);

        assertThat(history.runs()).extracting(History.PastRun::id).containsExactly("run-1", "run-2");
        assertThat(history.of("scenario-00000/debian-11@docker")).containsExactly(Status.FLAKY, Status.PASS);
        assertThat(History.load(root.resolve("missing"), "x", null, 10)).isEqualTo(History.EMPTY);
    }

    @Test
    void factsAndCellsBeforeTheRunStartsAreKept() throws Exception {
        RunResults run = SyntheticResults.ofSize(3);
        ReportListener listener = listener(root, null, run.finishedAt());
        run.hosts().forEach(listener::hostFacts);
        listener.cellFinished(run.cells().get(0));
        listener.runStarted(run.run());
        listener.cellFinished(run.cells().get(1));
        listener.runFinished(run.run(), true);

        RunResults back = ResultsFile.read(root.resolve(run.run().runId()));
        assertThat(back.hosts()).isEqualTo(run.hosts());
        assertThat(back.cells()).containsExactly(run.cells().get(0), run.cells().get(1));
        assertThat(back.interrupted()).isTrue();
        assertThat(Files.readString(root.resolve(run.run().runId()).resolve("summary.md")))
                .contains("This run was interrupted");
    }

    @Test
    void userErrorsSayWhatToDo() {
        assertThatThrownBy(() -> new ReportListener(root, root.resolve("nope/results.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope/results.json").hasMessageContaining("earlier run");
        ReportListener listener = new ReportListener(root);
        for (String bad : List.of("../escape", "latest", "a/b", "..")) {
            assertThatThrownBy(() -> listener.runStarted(new RunInfo(bad, "m", Instant.now(), List.of(), null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
    }

    /** Issue 13: one report that cannot be written costs only itself, and says which file and why. */
    @Test
    void aReportThatCannotBeWrittenIsNamedWithItsCauseAndTheOthersAreStillWritten() throws Exception {
        RunResults run = SyntheticResults.allStatuses();
        ReportListener listener = listener(root, null, run.finishedAt());
        Path dir = root.resolve(run.run().runId());
        // A directory where index.html must go (root can write anywhere, so a chmod would not stop it).
        Files.createDirectories(dir.resolve("index.html/something"));

        assertThatThrownBy(() -> play(listener, run))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("could not write " + dir.resolve("index.html") + ": Is a directory; every cell is in "
                        + dir.resolve("results.jsonl") + ", and `crosshost merge " + dir + " --reports " + root
                        + "` writes the reports again");

        assertThat(List.of("results.jsonl", "results.json", "junit.xml", "summary.md"))
                .allSatisfy(f -> assertThat(dir.resolve(f)).isNotEmptyFile());
        assertThat(ResultsFile.read(dir).cells()).hasSameSizeAs(run.cells());
        assertThat(Files.readSymbolicLink(root.resolve("latest"))).isEqualTo(Path.of(run.run().runId()));
        assertThat(listener.writeTime()).as("no 'reports written' line for reports that were not").isEmpty();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aJournalThatCannotBeMadeStopsTheRunAtItsStart() throws Exception {
        Path file = Files.writeString(root.resolve("a-file"), "");
        RunResults run = SyntheticResults.ofSize(2);
        ReportListener listener = listener(file, null, run.finishedAt());

        assertThatThrownBy(() -> listener.runStarted(run.run()))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageStartingWith("could not create " + file.resolve(run.run().runId()).resolve("results.jsonl")
                        + ": Not a directory")
                .hasMessageEndingWith("; give a reports directory that can be written to");
    }
}
