package io.crosshost.cli;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.engine.CrosshostConfiguration;
import io.crosshost.lab.LabHosts;
import io.crosshost.lab.PrivateDockerd;
import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import io.crosshost.runtime.RunContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host hangs mid-run: a dockerd of the test's own gets SIGSTOP while it runs a cell. It keeps its socket and the
 * kernel still takes connections, but nothing answers, as with a deadlocked engine. The cell in flight ends as an
 * ERROR at its timeout plus the request deadline, the host's remaining cells are ERROR without being tried, with
 * one message that names the request that got no answer; the other host's cells all pass, the reports are written
 * and the run ends with exit code 1 instead of waiting forever (it did, before requests had a deadline).
 */
class HostHangsMidRunIT {

    private static final int NAPS = 5;
    private static final String IMAGE = "crosshost.test/busybox:latest";
    private static final Pattern STOPPED = Pattern.compile(
            "host frozen stopped answering at (\\S+Z): the engine did not answer (GET|POST|DELETE) /\\S+ within 2s");

    @Test
    void theHungHostsCellsAreErrorsWithinTheirDeadlinesAndTheRunEnds(@TempDir Path dir) throws Exception {
        DockerClient docker = LabHosts.connect(LabHosts.DOCKER);
        try (PrivateDockerd frozen = PrivateDockerd.start(dir.resolve("dockerd"), List.of())) {
            frozen.importFromLabDocker(IMAGE);
            Path matrix = writeMatrix(dir, frozen.unixEndpoint());
            Path reports = dir.resolve("reports");

            String before = System.getProperty(CrosshostConfiguration.REQUEST_DEADLINE);
            System.setProperty(CrosshostConfiguration.REQUEST_DEADLINE, "2s");
            Cli.Result run;
            Instant frozenAt;
            String runId;
            try {
                CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(
                        () -> Cli.run("run", "-m", matrix.toString(), "--reports", reports.toString()));
                runId = RunJournal.awaitRunId(reports, running);
                // One cell done on the host, the next one (a 2 s sleep) started: freeze it in the middle.
                RunJournal.awaitResults(reports.resolve(runId), "frozen", 1, running);
                Thread.sleep(700);
                frozen.freeze();
                frozenAt = Instant.now();
                run = running.get(120, TimeUnit.SECONDS);
            } finally {
                frozen.thaw();
                if (before == null) {
                    System.clearProperty(CrosshostConfiguration.REQUEST_DEADLINE);
                } else {
                    System.setProperty(CrosshostConfiguration.REQUEST_DEADLINE, before);
                }
            }
            Duration frozenToEnd = Duration.between(frozenAt, Instant.now());

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
            Path report = reports.resolve(runId);
            assertThat(report.resolve("index.html")).isNotEmptyFile();
            RunResults results = ResultsFile.read(report);
            Map<String, List<CellResult>> byHost = results.cells().stream().collect(Collectors.groupingBy(CellResult::host));
            assertThat(byHost.get("docker")).hasSize(NAPS).allSatisfy(c -> assertThat(c.status()).as(c.message()).isEqualTo(Status.PASS));
            assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunContext.LABEL_RUN, runId)).exec())
                    .as("containers of run %s left on docker", runId).isEmpty();

            List<CellResult> onFrozen = byHost.get("frozen");
            assertThat(onFrozen).hasSize(NAPS);
            List<CellResult> passed = onFrozen.stream().filter(c -> c.status() == Status.PASS).toList();
            List<CellResult> errors = onFrozen.stream().filter(c -> c.status() == Status.ERROR).toList();
            assertThat(passed).as("cells the host finished before it froze").isNotEmpty()
                    .allSatisfy(c -> assertThat(c.startedAt().plus(c.duration())).isBefore(frozenAt));
            assertThat(errors).as("every other cell of the frozen host").hasSize(NAPS - passed.size());
            assertThat(errors.stream().map(CellResult::message).distinct()).as("one message for all of them").hasSize(1);
            Matcher m = STOPPED.matcher(errors.get(0).message());
            assertThat(m.matches()).as(errors.get(0).message()).isTrue();
            assertThat(Instant.parse(m.group(1))).isAfter(frozenAt);
            List<CellResult> untried = errors.stream().filter(c -> c.attempts() == 0).toList();
            assertThat(untried).as("cells failed without being tried").isNotEmpty()
                    .allSatisfy(c -> assertThat(c.duration()).isLessThan(Duration.ofMillis(100)));
            assertThat(run.err()).contains("@ frozen  host frozen stopped answering at").doesNotContain("\tat ", "Exception");

            // The cell in flight waits out its 6 s timeout; then a 5 s process count, a 2 s kill and a 5 s ping are the
            // most the frozen host can add, plus the close's requests (2 s each); the slack is for a shared machine.
            assertThat(frozenToEnd).isLessThan(Duration.ofSeconds(60));
            System.out.printf("HostHangsMidRunIT: froze the host at %s; the run ended %d ms later: %d PASS before, %d ERROR "
                            + "(%d untried); %s%n", frozenAt, frozenToEnd.toMillis(), passed.size(), errors.size(), untried.size(),
                    errors.get(0).message());
        }
    }

    private static Path writeMatrix(Path dir, String frozenEndpoint) throws Exception {
        Path scenarios = Files.createDirectories(dir.resolve("scenarios/matrices"));
        for (int i = 1; i <= NAPS; i++) {
            Files.writeString(scenarios.resolveSibling("nap-" + i + ".yaml"),
                    "id: nap-" + i + "\ntitle: a cell that takes two seconds\nrun: sleep 2\ntimeout: 6s\n");
        }
        Path matrix = scenarios.resolve("hangs.yaml");
        Files.writeString(matrix, """
                name: host-hangs
                hosts:
                  - name: docker
                    endpoint: unix:///var/run/docker.sock
                    concurrency: 1
                  - name: frozen
                    endpoint: %s
                    concurrency: 1
                images:
                  - name: busybox
                    ref: %s
                    pull: never
                """.formatted(frozenEndpoint, IMAGE));
        return matrix;
    }
}
