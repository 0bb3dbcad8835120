// The lower bound of one cell (issue 8's benchmark, run D): docker-java create, start, wait, logs, remove and
// nothing else, one cell after another, host after host. No scheduler, no reports, no facts, no JUnit Platform:
// what any Java harness built on docker-java pays per cell at the least.
//
// A standalone single-file program, not part of the build or of CI. bench.sh runs it as
//   java -cp "$(mvn -q -f harness/pom.xml dependency:build-classpath ...)" harness/bench/LowerBound.java \
//        --cells CELLS_FILE --per-host N --warmup W --label RUN_ID --out RESULT.json
// CELLS_FILE is bench.py's cell list (fields separated by \x1f: index, host, endpoint, image name, image ref,
// scenario, stdout contains, then the container's command, one argument a field, as crosshost list --json gives
// it). Each host runs W untimed cells, then N timed ones, taking that host's cells in plan order (cycling when N
// exceeds them). Every container runs with network mode none and is removed.
// RESULT.json gives per host: wallMs (first timed create to last remove), startEpochNs/endEpochNs (that window in
// wall-clock time, for the machine's CPU over it), failed, cellsMs (each cell's time) and cellsStartMs (each cell's
// start from the window's start). bench.sh's run A1 has Crosshost run the same cells in the same order.

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

public final class LowerBound {

    record Cell(String host, String endpoint, String imageRef, String scenario, String contains, List<String> command) {
    }

    record Sample(String scenario, String image, long startNanos, long micros, int exitCode, boolean ok) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        Path cellsFile = Path.of(required(opt, "--cells"));
        int perHost = Integer.parseInt(opt.getOrDefault("--per-host", "40"));
        int warmup = Integer.parseInt(opt.getOrDefault("--warmup", "3"));
        String label = opt.getOrDefault("--label", "lowerbound");
        Path out = Path.of(required(opt, "--out"));

        Map<String, List<Cell>> byHost = new LinkedHashMap<>();
        for (String line : Files.readAllLines(cellsFile, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\u001f", -1);
            Cell c = new Cell(f[1], f[2], f[4], f[5], f[6], List.of(f).subList(7, f.length));
            byHost.computeIfAbsent(c.host(), h -> new ArrayList<>()).add(c);
        }

        StringBuilder json = new StringBuilder("{\"perHost\": ").append(perHost).append(", \"warmup\": ").append(warmup)
                .append(", \"hosts\": [");
        boolean firstHost = true;
        boolean allOk = true;
        for (Map.Entry<String, List<Cell>> e : byHost.entrySet()) {
            List<Cell> cells = e.getValue();
            String endpoint = cells.get(0).endpoint();
            List<Sample> samples = new ArrayList<>();
            long hostStart;
            long hostEnd;
            long hostStartEpochNs;
            try (DockerClient client = connect(endpoint)) {
                client.pingCmd().exec();
                for (int i = 0; i < warmup; i++) {
                    runCell(client, cells.get(i % cells.size()), label);
                }
                // The timed window: from the first timed cell's create to the last one's remove. Its wall-clock
                // start and end let bench.py cut the machine's CPU use (sampled from /proc/stat) to this window.
                Instant now = Instant.now();
                hostStart = System.nanoTime();
                hostStartEpochNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                for (int i = 0; i < perHost; i++) {
                    samples.add(runCell(client, cells.get(i % cells.size()), label));
                }
                hostEnd = System.nanoTime();
            }
            long hostWallMs = (hostEnd - hostStart) / 1_000_000;
            long failed = samples.stream().filter(s -> !s.ok()).count();
            allOk &= failed == 0;
            long[] sorted = samples.stream().mapToLong(Sample::micros).sorted().toArray();
            System.err.printf("D %-14s %d cells in %d ms: median %.0f ms, p95 %.0f ms%s%n", e.getKey(), samples.size(),
                    hostWallMs, sorted[(sorted.length - 1) / 2] / 1000.0,
                    sorted[Math.max(0, (int) Math.ceil(0.95 * sorted.length) - 1)] / 1000.0,
                    failed == 0 ? "" : ", " + failed + " cells did NOT pass");
            json.append(firstHost ? "" : ", ").append("{\"host\": \"").append(e.getKey()).append("\", \"wallMs\": ")
                    .append(hostWallMs).append(", \"startEpochNs\": ").append(hostStartEpochNs)
                    .append(", \"endEpochNs\": ").append(hostStartEpochNs + (hostEnd - hostStart))
                    .append(", \"failed\": ").append(failed).append(", \"cellsMs\": [");
            for (int i = 0; i < samples.size(); i++) {
                json.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.3f", samples.get(i).micros() / 1000.0));
            }
            // Each timed cell's start, in ms from the window's start: the time between two starts is what a cell
            // costs including whatever happens between cells (bench.py's "wall per cell").
            json.append("], \"cellsStartMs\": [");
            for (int i = 0; i < samples.size(); i++) {
                json.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.3f",
                        (samples.get(i).startNanos() - hostStart) / 1e6));
            }
            json.append("]}");
            firstHost = false;
        }
        json.append("]}\n");
        Files.writeString(out, json.toString(), StandardCharsets.UTF_8);
        System.exit(allOk ? 0 : 1);
    }

    /** One client per host, as the harness has: zerodep transport, the endpoint's unix socket. */
    static DockerClient connect(String endpoint) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(endpoint).build();
        var http = new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(endpoint))
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(120)).build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** create, start, wait, logs, remove: the least a cell can cost through the API. */
    static Sample runCell(DockerClient client, Cell cell, String label) throws InterruptedException, IOException {
        long t0 = System.nanoTime();
        String id = client.createContainerCmd(cell.imageRef())
                .withCmd(cell.command())
                .withLabels(Map.of("crosshost.bench", label))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                .exec().getId();
        int exit;
        StringBuilder stdout = new StringBuilder();
        try {
            client.startContainerCmd(id).exec();
            exit = client.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(120, TimeUnit.SECONDS);
            try (var logs = client.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            if (frame.getStreamType() != StreamType.STDERR) {
                                stdout.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            }
                        }
                    })) {
                logs.awaitCompletion(60, TimeUnit.SECONDS);
            }
        } finally {
            client.removeContainerCmd(id).withForce(true).exec();
        }
        long micros = (System.nanoTime() - t0) / 1000;
        boolean ok = exit == 0 && stdout.toString().contains(cell.contains());
        if (!ok) {
            System.err.println("D cell " + cell.scenario() + " / " + cell.imageRef() + " @ " + cell.host()
                    + " did not pass: exit " + exit + ", stdout " + Arrays.toString(stdout.toString().split("\n")));
        }
        return new Sample(cell.scenario(), cell.imageRef(), t0, micros, exit, ok);
    }

    private static String required(Map<String, String> opt, String name) {
        String v = opt.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return v;
    }
}
