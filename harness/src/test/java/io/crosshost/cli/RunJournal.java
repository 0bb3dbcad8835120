package io.crosshost.cli;

import io.crosshost.report.ResultsFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Watches a run that goes on in the background through what it writes: its reports folder and its results journal. */
final class RunJournal {

    private RunJournal() {
    }

    /** The run's id: the reports folder it makes when it starts. */
    static String awaitRunId(Path reports, CompletableFuture<Cli.Result> running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !running.isDone()) {
            if (Files.isDirectory(reports)) {
                try (Stream<Path> runs = Files.list(reports)) {
                    var id = runs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                            .filter(n -> n.matches("\\d{8}-\\d{6}-[0-9a-f]+")).findFirst();
                    if (id.isPresent()) {
                        return id.get();
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run made no reports folder: " + (running.isDone() ? running.get() : "still running"));
    }

    /** Waits until the run's journal has {@code count} results of this host (or the run ended). */
    static void awaitResults(Path report, String host, int count, CompletableFuture<Cli.Result> running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !running.isDone()) {
            try {
                if (ResultsFile.read(report).cells().stream().filter(c -> c.host().equals(host)).count() >= count) {
                    return;
                }
            } catch (java.io.IOException | RuntimeException midWrite) {
                // the journal's last line is being written; look again
            }
            Thread.sleep(50);
        }
    }
}
