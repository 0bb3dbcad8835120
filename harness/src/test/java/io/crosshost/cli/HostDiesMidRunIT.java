package io.crosshost.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host dies mid-run: while cells run on the lab's docker-legacy, its dockerd gets SIGTERM. The cells it had
 * not finished are ERROR, each saying that docker-legacy stopped answering and when, and the ones still queued
 * fail at once instead of each meeting the dead socket; every cell on docker still passes, the reports are
 * written, the exit code is 1, and nothing of the run is left on docker. The lab is brought back up whatever
 * happens (harness/lab/lab.sh up), since other runs share it.
 */
class HostDiesMidRunIT {

    private static final Path LEGACY_PID = Path.of("/run/crosshost-lab/docker-legacy.pid");
    private static final Path LAB = Path.of(System.getProperty("crosshost.root", "..")).resolve("harness/lab/lab.sh");
    /** docker-legacy's own containerd (lab.sh gives it --exec-root /run/crosshost-lab/docker-legacy-exec). */
    private static final String LEGACY_CONTAINERD = "/run/crosshost-lab/docker-legacy-exec/containerd/containerd.sock";
    /** In every nap container's environment, so that what the kill orphans in containerd is known to be ours. */
    private static final String MARK = "CROSSHOST_HOST_DIES_IT=" + java.util.UUID.randomUUID();
    private static final int NAPS = 8;
    private static final int LEGACY_CONCURRENCY = 2;
    private static final Pattern STOPPED = Pattern.compile(
            "host docker-legacy stopped answering at (\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z): (.+)", Pattern.DOTALL);

    @Test
    void theDeadHostsUnfinishedCellsAreErrorsAndTheRestOfTheRunGoesOn(@TempDir Path dir) throws Exception {
        Path matrix = writeMatrix(dir);
        Path reports = dir.resolve("reports");
        DockerClient docker = LabHosts.connect(LabHosts.DOCKER);
        DockerClient legacy = LabHosts.connect(LabHosts.DOCKER_LEGACY);
        long legacyPid = Long.parseLong(Files.readString(LEGACY_PID).strip());

        CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(
                () -> Cli.run("run", "-m", matrix.toString(), "--reports", reports.toString()));
        String runId = null;
        boolean killed = false;
        boolean restarted = false;
        int leftOnLegacy = 0;
        Set<String> startedAtKill;
        Instant killedAt = null;
        Cli.Result run;
        try {
            runId = RunJournal.awaitRunId(reports, running);
            // Kill once docker-legacy's second pair of cells has run for a while: two done, two mid-flight, the rest
            // queued (but for the one whose container the host creates ahead of its turn). Done is read from the
            // journal: containers seen on the host say nothing, since they are created ahead of their cells.
            RunJournal.awaitResults(reports.resolve(runId), "docker-legacy", 2, running);
            startedAtKill = awaitCells(legacy, runId, 1, running);
            Thread.sleep(700);
            startedAtKill.addAll(cellsOf(legacy, runId));
            killedAt = Instant.now();
            killed = ProcessHandle.of(legacyPid).orElseThrow(() -> new AssertionError("docker-legacy (pid " + legacyPid + ") is not running"))
                    .destroy(); // SIGTERM, as `kill -TERM $(cat docker-legacy.pid)`
            // docker-legacy comes back as soon as the run is done with it, while docker's cells still run: other runs
            // sharing the lab lose it for as short a time as the test allows.
            RunJournal.awaitResults(reports.resolve(runId), "docker-legacy", NAPS, running);
            leftOnLegacy = bringTheLabBack(legacyPid, killedAt, runId);
            restarted = true;
            run = running.get(120, TimeUnit.SECONDS);
        } finally {
            if (!restarted) {
                leftOnLegacy = bringTheLabBack(killed ? legacyPid : -1, killedAt, runId);
            }
        }
        Instant kill = killedAt;
        Duration runTook = Duration.between(kill, Instant.now());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        Path report = reports.resolve(runId);
        assertThat(report.resolve("results.json")).isNotEmptyFile();
        assertThat(report.resolve("index.html")).isNotEmptyFile();
        RunResults results = ResultsFile.read(report);
        assertThat(results.cells()).hasSize(2 * NAPS);
        Map<String, List<CellResult>> byHost = results.cells().stream().collect(Collectors.groupingBy(CellResult::host));

        // docker carried on as if nothing happened.
        assertThat(byHost.get("docker")).hasSize(NAPS).allSatisfy(c -> assertThat(c.status()).as(c.message()).isEqualTo(Status.PASS));
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunContext.LABEL_RUN, runId)).exec())
                .as("containers of run %s left on docker", runId).isEmpty();

        List<CellResult> onLegacy = byHost.get("docker-legacy");
        // What each cell on the dying host did, relative to the kill: read first when an assertion below fails.
        onLegacy.stream().sorted(java.util.Comparator.comparing(CellResult::startedAt)).forEach(c -> System.out.printf(
                "HostDiesMidRunIT: %s %s, started %+d ms after the kill, took %d ms, %d attempt(s): %s%n", c.cellId(), c.status(),
                Duration.between(kill, c.startedAt()).toMillis(), c.duration().toMillis(), c.attempts(),
                c.message() == null ? "" : c.message().lines().findFirst().orElse("")));
        assertThat(onLegacy).hasSize(NAPS);
        List<CellResult> finishedBeforeKill = onLegacy.stream().filter(c -> end(c).isBefore(kill)).toList();
        List<CellResult> unfinished = onLegacy.stream().filter(c -> !end(c).isBefore(kill)).toList();
        List<CellResult> errors = onLegacy.stream().filter(c -> c.status() == Status.ERROR).toList();
        List<CellResult> queued = unfinished.stream().filter(c -> !startedAtKill.contains(c.cellId())).toList();
        // What it finished is kept; a cell it was running may still finish (dockerd stops its containers gracefully).
        assertThat(finishedBeforeKill).allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.PASS));
        assertThat(unfinished).allSatisfy(c -> assertThat(c.status()).as(c.cellId() + ": " + c.message()).isIn(Status.PASS, Status.ERROR));
        assertThat(finishedBeforeKill).as("cells docker-legacy finished before it died").isNotEmpty();
        assertThat(queued).as("cells still queued when docker-legacy died").isNotEmpty()
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.ERROR));
        // One message for all of them: the host, that it stopped answering, when, and what the engine or socket said.
        assertThat(errors.stream().map(CellResult::message).distinct()).hasSize(1);
        Matcher m = STOPPED.matcher(errors.get(0).message());
        assertThat(m.matches()).as(errors.get(0).message()).isTrue();
        Instant stoppedAt = Instant.parse(m.group(1));
        assertThat(stoppedAt).isAfterOrEqualTo(killedAt.minusMillis(1)).isBeforeOrEqualTo(results.finishedAt());
        assertThat(m.group(2)).isNotBlank().doesNotContain("Exception", "\tat ");
        assertThat(run.err()).contains("ERROR nap-").contains("@ docker-legacy  host docker-legacy stopped answering at");
        assertThat(Files.readString(report.resolve("index.html"))).contains("stopped answering");

        // A dead host fails what it has left fast: only the cells in flight when it went met it (each as slow as the
        // dying daemon was to answer); every later one was failed without being tried, and without waiting.
        Instant lastOnLegacy = onLegacy.stream().map(HostDiesMidRunIT::end).max(Instant::compareTo).orElseThrow();
        Instant firstError = errors.stream().map(HostDiesMidRunIT::end).min(Instant::compareTo).orElseThrow();
        List<CellResult> tried = errors.stream().filter(c -> c.attempts() > 0).toList();
        List<CellResult> neverTried = errors.stream().filter(c -> c.attempts() == 0).toList();
        assertThat(tried.size()).as("cells that met the dying host").isLessThanOrEqualTo(2 * LEGACY_CONCURRENCY);
        assertThat(neverTried).as("cells failed without being tried").isNotEmpty().allSatisfy(c -> {
            assertThat(c.duration()).isLessThan(Duration.ofMillis(100));
            assertThat(Duration.between(firstError, end(c))).isLessThan(Duration.ofSeconds(1));
        });
        assertThat(Duration.between(killedAt, lastOnLegacy)).isLessThan(Duration.ofSeconds(15));
        System.out.printf("HostDiesMidRunIT: killed docker-legacy at %s; it was seen dead at %s (%d ms after the kill), its first "
                        + "ERROR after %d ms, its last cell after %d ms; %d of its %d cells kept (PASS: %d before the kill, %d during its "
                        + "shutdown), %d ERROR (%d met the dying daemon, taking up to %d ms; %d failed untried in %d ms each); "
                        + "the run ended %d ms after the kill; %d containers of the run were left on docker-legacy and removed%n",
                killedAt, stoppedAt, Duration.between(killedAt, stoppedAt).toMillis(), Duration.between(killedAt, firstError).toMillis(),
                Duration.between(killedAt, lastOnLegacy).toMillis(), NAPS - errors.size(), NAPS, finishedBeforeKill.size(),
                NAPS - errors.size() - finishedBeforeKill.size(), errors.size(), tried.size(),
                tried.stream().mapToLong(c -> c.duration().toMillis()).max().orElse(0), neverTried.size(),
                neverTried.stream().mapToLong(c -> c.duration().toMillis()).max().orElse(0), runTook.toMillis(), leftOnLegacy);
        System.out.println(run.err());
    }

    private static Path writeMatrix(Path dir) throws Exception {
        Path scenarios = Files.createDirectories(dir.resolve("scenarios/matrices"));
        for (int i = 1; i <= NAPS; i++) {
            Files.writeString(dir.resolve("scenarios/nap-" + i + ".yaml"), "id: nap-" + i + "\ntitle: a cell that takes two seconds\n"
                    + "run: sleep 2\nenv:\n  " + MARK.replace("=", ": ") + "\n");
        }
        Path matrix = scenarios.resolve("dies.yaml");
        Files.writeString(matrix, """
                name: host-dies
                hosts:
                  - name: docker
                    endpoint: unix:///var/run/docker.sock
                    concurrency: 4
                  - name: docker-legacy
                    endpoint: unix:///run/crosshost-lab/docker-legacy.sock
                    concurrency: %d
                images:
                  - name: busybox
                    ref: crosshost.test/busybox:latest
                    pull: never
                defaults:
                  timeout: 60s
                """.formatted(LEGACY_CONCURRENCY));
        return matrix;
    }

    /** Waits until {@code count} cells of the run have been seen on the host, one of them running; returns those seen. */
    private static Set<String> awaitCells(DockerClient host, String runId, int count, CompletableFuture<Cli.Result> running)
            throws Exception {
        Set<String> seen = new java.util.HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !running.isDone()) {
            List<Container> now = host.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunContext.LABEL_RUN, runId)).exec();
            now.stream().map(c -> c.getLabels().get(RunContext.LABEL_CELL)).filter(id -> id.startsWith("nap-")).forEach(seen::add);
            if (seen.size() >= count && now.stream().anyMatch(c -> "running".equals(c.getState()))) {
                return seen;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("cells of run " + runId + " seen on docker-legacy: " + seen + "; " + (running.isDone() ? running.get() : ""));
    }

    private static Set<String> cellsOf(DockerClient host, String runId) {
        return host.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunContext.LABEL_RUN, runId)).exec().stream()
                .map(Container::getLabels).map(l -> l.get(RunContext.LABEL_CELL)).collect(Collectors.toSet());
    }

    /**
     * Starts docker-legacy again once the old daemon is gone (it holds its pid file and data root until then), checks
     * that it answers, and removes what this run left on it (its containers, by the run's label; nobody else's).
     */
    private static int bringTheLabBack(long killedPid, Instant killedAt, String runId) throws Exception {
        if (killedPid > 0) {
            ProcessHandle.of(killedPid).ifPresent(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join());
        }
        PrivateDockerd.run(List.of("bash", LAB.toString(), "up"));
        DockerClient legacy = LabHosts.connect(LabHosts.DOCKER_LEGACY); // fails the test, naming the host, when it does not answer
        if (killedAt != null) {
            System.out.println("HostDiesMidRunIT: docker-legacy answered again " + Duration.between(killedAt, Instant.now()).toMillis()
                    + " ms after the kill");
        }
        if (runId == null) {
            return 0;
        }
        List<Container> left = legacy.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunContext.LABEL_RUN, runId)).exec();
        for (Container c : left) {
            legacy.removeContainerCmd(c.getId()).withForce(true).exec();
        }
        removeOrphansInContainerd(legacy);
        return left.size();
    }

    /**
     * A container that dockerd was starting when it got SIGTERM can stay in its containerd (with a shim) after
     * docker itself forgot it: dockerd 20.10 logs "cleanup: failed to delete container from containerd: grpc: the
     * client connection is closing". The restarted dockerd does not know it, so nothing would ever remove it.
     * Only ours go: unknown to docker, and with this test's mark in their environment.
     */
    private static void removeOrphansInContainerd(DockerClient legacy) throws Exception {
        if (!Files.exists(Path.of("/usr/bin/ctr"))) {
            return;
        }
        Set<String> known = legacy.listContainersCmd().withShowAll(true).exec().stream().map(Container::getId).collect(Collectors.toSet());
        List<String> ctr = List.of("ctr", "--address", LEGACY_CONTAINERD, "--namespace", "moby");
        for (String id : PrivateDockerd.run(concat(ctr, "containers", "list", "--quiet")).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !known.contains(l)).toList()) {
            String info;
            try {
                info = PrivateDockerd.run(concat(ctr, "containers", "info", id));
            } catch (IllegalStateException gone) {
                continue;
            }
            if (!info.contains("\"" + MARK + "\"")) {
                continue;
            }
            System.out.println("HostDiesMidRunIT: removing container " + id + " of this test that docker-legacy's containerd kept");
            try {
                PrivateDockerd.run(concat(ctr, "tasks", "delete", "--force", id));
            } catch (IllegalStateException noTask) {
                // usually there is none: the container never really started
            }
            PrivateDockerd.run(concat(ctr, "containers", "delete", id));
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("containerd-shim") && c.contains("-id " + id)).orElse(false))
                    .forEach(ProcessHandle::destroy);
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static Instant end(CellResult c) {
        return c.startedAt().plus(c.duration());
    }
}
