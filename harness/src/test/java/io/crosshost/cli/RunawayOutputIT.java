package io.crosshost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.crosshost.lab.LabHosts;
import io.crosshost.runtime.RunContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Output that never stops: a scenario printing 2 GiB on Docker and on Podman at once, run by the command in a
 * child JVM limited to {@code -Xmx256m}. The run finishes, each cell keeps the first 1 MiB of stdout and reports the
 * other 2 GiB - 1 MiB as dropped bytes in results.json, the child's peak RSS stays under 512 MiB, and the engines
 * keep no log of the cell's output (log driver none), so no host's disk fills with it.
 */
class RunawayOutputIT {

    private static final Path MATRIX = Path.of("src/test/resources/fixtures/runaway-output/matrices/flood.yaml").toAbsolutePath();
    private static final long PRINTED = 2L << 30;
    private static final long CAP = 1L << 20;
    private static final long MAX_RSS_BYTES = 512L << 20;
    private static final Duration MAX_TIME = Duration.ofSeconds(90);

    @Test
    void twoGibibytesOfStdoutAreCappedAndCountedInAHarnessOf256MiB(@TempDir Path reports) throws Exception {
        Map<String, DockerClient> hosts = Map.of("docker", LabHosts.connect(LabHosts.DOCKER), "podman", LabHosts.connect(LabHosts.PODMAN));
        Path log = reports.resolve("child.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "io.crosshost.cli.CrosshostCommand", "run", "-m", MATRIX.toString(), "--reports", reports.toString());
        long t0 = System.nanoTime();
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path status = Path.of("/proc", Long.toString(child.pid()), "status");
        long peakRss = 0;
        Map<String, String> logDrivers = new ConcurrentHashMap<>();
        while (!child.waitFor(100, TimeUnit.MILLISECONDS)) {
            peakRss = Math.max(peakRss, highWaterMark(status));
            if (logDrivers.size() < hosts.size()) {
                hosts.forEach((name, client) -> logDriverOfChildsCell(client, child.pid()).ifPresent(d -> logDrivers.put(name, d)));
            }
            if (System.nanoTime() - t0 > MAX_TIME.toNanos() * 2) {
                child.destroyForcibly();
                break;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String output = Files.readString(log);
        System.out.printf("RunawayOutputIT: 2 GiB on docker and podman at once in %d s, child peak RSS %d MiB (-Xmx256m), log drivers %s%n",
                took.toSeconds(), peakRss >> 20, logDrivers);

        assertThat(child.exitValue()).as(output).isZero();
        JsonNode results = new ObjectMapper().readTree(reports.resolve("latest/results.json").toFile());
        List<String> seen = new ArrayList<>();
        for (JsonNode cell : results.get("cells")) {
            seen.add(cell.get("host").asText());
            JsonNode stdout = cell.get("steps").get(0).get("stdout");
            System.out.printf("RunawayOutputIT: %s kept %d bytes, dropped %d bytes, cell took %d ms%n", cell.get("id").asText(),
                    stdout.get("text").asText().length(), stdout.get("droppedBytes").asLong(), cell.get("durationMs").asLong());
            assertThat(cell.get("status").asText()).as(cell.toString().substring(0, 400)).isEqualTo("PASS");
            assertThat(stdout.get("text").asText()).hasSize((int) CAP).startsWith("crosshost runaway output\n");
            assertThat(stdout.get("droppedBytes").asLong()).isEqualTo(PRINTED - CAP);
        }
        assertThat(seen).containsExactlyInAnyOrder("docker", "podman");
        assertThat(peakRss).as("the child's peak RSS (VmHWM)").isPositive().isLessThan(MAX_RSS_BYTES);
        assertThat(logDrivers).as("the cells' containers keep no engine log").containsOnly(Map.entry("docker", "none"), Map.entry("podman", "none"));
        assertThat(took).as("2 GiB on both engines").isLessThan(MAX_TIME);
    }

    /** VmHWM of a live process in bytes; 0 once it is gone. */
    private static long highWaterMark(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between two polls
        }
        return 0;
    }

    /** The log driver of the flood cell's container that the child (by its pid in the owner label) runs on this host. */
    private static java.util.Optional<String> logDriverOfChildsCell(DockerClient client, long pid) {
        try {
            for (Container c : client.listContainersCmd().withLabelFilter(List.of(RunContext.LABEL_OWNER)).exec()) {
                String owner = c.getLabels().getOrDefault(RunContext.LABEL_OWNER, "");
                String cell = c.getLabels().getOrDefault(RunContext.LABEL_CELL, "");
                if (owner.contains(":" + pid + ":") && cell.startsWith("flood/")) {
                    return java.util.Optional.ofNullable(client.inspectContainerCmd(c.getId()).exec().getHostConfig().getLogConfig())
                            .map(l -> l.getType() == null ? "default" : l.getType().getType());
                }
            }
        } catch (RuntimeException raced) {
            // the container went between the list and the inspect
        }
        return java.util.Optional.empty();
    }
}
