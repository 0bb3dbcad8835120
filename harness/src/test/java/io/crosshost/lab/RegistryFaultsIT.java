package io.crosshost.lab;

import io.crosshost.engine.CrosshostConfiguration;
import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import io.crosshost.scenario.DurationText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a run does when a registry lets it down, on the lab's real engines (docker and podman) and real registries
 * of this test's own (never the lab's, which others use meanwhile): one image per fault, all from the same pushed
 * busybox, beside an image from a registry that works and a local one. Each faulty image's cells are ERROR on
 * both hosts with one line naming the image, the host, the registry and the engine's words; the other images' cells
 * pass; the run exits 1; no report carries a credential. The CLI runs in a child JVM with {@code REGISTRY_AUTH_FILE}
 * set, the way a CI job gives it credentials.
 *
 * <p>Two more in the same run (one run: CI time is scarce): a registry that stops answering mid-blob (a
 * {@link StallingRelay} in front of the good registry, serving an image whose layer of random bytes neither host
 * has), which only the pull deadline ends, shortened to {@value #PULL_DEADLINE} for this run; and a registry whose
 * credentials come only from a Docker credential helper ({@code credHelpers} in the child's {@code DOCKER_CONFIG},
 * a fake {@code docker-credential-crosshosttest} first on its PATH).
 *
 * <p>Longer than a class should be, for a reason: one run for every fault, so its setup, the run and the cell-by-cell
 * checks of it stay together; the stalling relay is a class of its own.
 */
class RegistryFaultsIT {

    private static final String PASSWORD = "faults-" + Long.toHexString(System.nanoTime());
    private static final String WRONG_PASSWORD = "not-the-password";
    /** The credential helper's user, with a password of its own: what it answers appears nowhere but in the pull. */
    private static final String HELPED_USER = "helped";
    private static final String HELPED_PASSWORD = "helped-" + Long.toHexString(System.nanoTime() * 31);
    private static final Path LAB_CA = PrivateRegistry.LAB_REGISTRY_DIR.resolve("ca.crt");
    /** This run's crosshost.pullDeadline: far above the good pulls here (under 2 s each on a loaded lab), far below a CI budget. */
    private static final String PULL_DEADLINE = "10s";
    /**
     * The run's wall time beyond the deadline: JVM start, the other 14 cells and the reports. Measured on 2026-12-02
     * with the stall overlapping the rest: 43 s in all at a load average of 12 on the 2 cores, 112 s at 22 (Podman's
     * host alone took 85 s to open then); 120 s more than the deadline is far below the 15 minutes of a default one.
     */
    private static final long RUN_MARGIN_MILLIS = 120_000;
    /** A blob download stalls after this many bytes from the registry; pings, manifests and configs stay far below it. */
    private static final long STALL_AFTER = 256 * 1024;
    private static final int STALLING_PORT = 5448;
    private static final String STALLED_REPOSITORY = "fault/stalled:latest";
    private static final List<String> HOSTS = List.of("unix:///var/run/docker.sock", "unix:///run/podman/podman.sock");

    private static Path dir;
    private static final List<PrivateRegistry> registries = new ArrayList<>();
    private static PrivateRegistry good;
    private static PrivateRegistry untrusted;
    private static PrivateRegistry stopped;
    private static PrivateRegistry wrongCredentials;
    private static PrivateRegistry helped;
    private static PrivateRegistry stalling;
    private static StallingRelay relay;
    private static String stalledImageId;

    @BeforeAll
    static void registries() throws Exception {
        long start = System.nanoTime();
        assertThat(LAB_CA).as("the lab's registry CA; start the lab with harness/lab/lab.sh up").isRegularFile();
        dir = Files.createTempDirectory("crosshost-registry-faults");
        // A crashed earlier run's stalled image, if any, must be gone before the run; it goes in the background meanwhile.
        List<Process> cleaning = new ArrayList<>();
        for (String host : HOSTS) {
            cleaning.add(removing(host, "registry.crosshost.test:" + STALLING_PORT + "/" + STALLED_REPOSITORY));
        }
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, run(List.of("htpasswd", "-Bbn", "fault", PASSWORD), null).strip() + "\n"
                + run(List.of("htpasswd", "-Bbn", HELPED_USER, HELPED_PASSWORD), null).strip() + "\n");
        Path storage = Files.createDirectories(dir.resolve("storage"));
        good = keep(PrivateRegistry.start(dir, 5444, htpasswd, storage).trusted());
        untrusted = keep(PrivateRegistry.start(dir, 5445, htpasswd, storage));
        stopped = keep(PrivateRegistry.none(5446).trusted());
        wrongCredentials = keep(PrivateRegistry.start(dir, 5447, htpasswd, storage).trusted());
        helped = keep(PrivateRegistry.start(dir, 5449, htpasswd, storage).trusted());
        // The relay is the good registry on another port: the engines trust its address as they trust the others'.
        stalling = keep(PrivateRegistry.none(STALLING_PORT).trusted());
        relay = StallingRelay.start(STALLING_PORT, 5444, STALL_AFTER);
        // The image, pushed once with a docker config of this test's own (root's ~/.docker/config.json is the lab's).
        Path dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
        String pushed = good.address() + "/fault/busybox:latest";
        String docker = PrivateDockerd.DOCKER_CLI;
        String host = HOSTS.get(0);
        run(List.of(docker, "--config", dockerConfig.toString(), "-H", host, "login", good.address(), "-u", "fault", "--password-stdin"), PASSWORD);
        CompletableFuture<String> stalledImage = CompletableFuture.supplyAsync(() -> pushStalledImage(dockerConfig));
        run(List.of(docker, "-H", host, "tag", "crosshost.test/busybox:latest", pushed), null);
        run(List.of(docker, "--config", dockerConfig.toString(), "-H", host, "push", pushed), null);
        run(List.of(docker, "-H", host, "rmi", pushed), null);
        stalledImageId = stalledImage.join();
        for (Process p : cleaning) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("docker rmi of an earlier stalled image").isTrue();
        }
        Files.writeString(dir.resolve("auth.json"), "{\"auths\": {"
                + entry(good, PASSWORD) + ", " + entry(untrusted, PASSWORD) + ", " + entry(stopped, PASSWORD) + ", "
                + entry(wrongCredentials, WRONG_PASSWORD) + ", " + entry(stalling, PASSWORD) + "}}\n");
        System.out.printf("RegistryFaultsIT: registries up and the image pushed in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /**
     * An image with one layer neither host has (1 MiB of random bytes: the engines would skip a blob they hold), pushed
     * to the good registry's storage and then removed from both hosts; its id, to check afterwards that the stalled
     * pull left no image behind. It never runs: its cells end at the pull.
     */
    private static String pushStalledImage(Path dockerConfig) {
        try {
            long start = System.nanoTime();
            Path layer = Files.createDirectories(dir.resolve("stalled-layer"));
            byte[] random = new byte[1024 * 1024];
            new java.util.Random().nextBytes(random);
            Files.write(layer.resolve("random.bin"), random);
            Path tar = dir.resolve("stalled-layer.tar");
            run(List.of("tar", "-C", layer.toString(), "-cf", tar.toString(), "random.bin"), null);
            String docker = PrivateDockerd.DOCKER_CLI;
            String pushed = good.address() + "/" + STALLED_REPOSITORY;
            String id = run(List.of(docker, "-H", HOSTS.get(0), "import", tar.toString(), pushed), null).strip();
            run(List.of(docker, "--config", dockerConfig.toString(), "-H", HOSTS.get(0), "push", pushed), null);
            run(List.of(docker, "-H", HOSTS.get(0), "rmi", pushed), null);
            System.out.printf("RegistryFaultsIT: the stalled image %s made and pushed in %d ms%n", id, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return id;
        } catch (Exception e) {
            throw new IllegalStateException("making the stalled image: " + e.getMessage(), e);
        }
    }

    private static Process removing(String host, String image) throws IOException {
        return new ProcessBuilder(PrivateDockerd.DOCKER_CLI, "-H", host, "rmi", "-f", image)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static PrivateRegistry keep(PrivateRegistry r) {
        registries.add(r);
        return r;
    }

    private static String entry(PrivateRegistry r, String password) {
        return "\"" + r.address() + "\": {\"auth\": \"" + base64("fault:" + password) + "\"}";
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws Exception {
        if (relay != null) {
            relay.close();
        }
        for (PrivateRegistry r : registries) {
            r.close();
        }
        // What the pulls left on the two hosts, so the next run pulls again.
        // Hosts at once, but one image after the other on each: two tags of one image removed at the same time on
        // Podman left one of them behind.
        List<CompletableFuture<Void>> hosts = new ArrayList<>();
        for (String host : HOSTS) {
            hosts.add(CompletableFuture.runAsync(() -> {
                for (String image : List.of(good.address() + "/fault/busybox:latest", helped.address() + "/fault/busybox:latest",
                        stalling.address() + "/" + STALLED_REPOSITORY)) {
                    try {
                        removing(host, image).waitFor(30, TimeUnit.SECONDS);
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException("docker rmi " + image + " on " + host, e);
                    }
                }
            }));
        }
        CompletableFuture.allOf(hosts.toArray(CompletableFuture[]::new)).join();
        // The password file, the docker configs with the login, the helper, the auth file and the blobs go too.
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void eachRegistryFaultCostsItsImagesCellsOnlyWithOneLineInTheRegistrysWords() throws Exception {
        Path scenarios = Files.createDirectories(dir.resolve("catalog"));
        Files.writeString(scenarios.resolve("hello.yaml"), "id: hello\ntitle: the image runs a shell\nrun: echo hello\n"
                + "expect:\n  stdout:\n    contains: [hello]\n");
        String images = Stream.of(
                        image("stalled", stalling, STALLED_REPOSITORY),
                        image("good", good, "fault/busybox:latest"),
                        image("unknown-tag", good, "fault/busybox:no-such-tag"),
                        image("untrusted", untrusted, "fault/busybox:latest"),
                        image("stopped", stopped, "fault/busybox:latest"),
                        image("wrong-credentials", wrongCredentials, "fault/busybox:latest"),
                        image("helped", helped, "fault/busybox:latest"),
                        "  - {name: local, ref: 'crosshost.test/busybox:latest', pull: never}\n")
                .collect(Collectors.joining());
        Path matrix = Files.createDirectories(scenarios.resolve("matrices")).resolve("faults.yaml");
        // The stalled image first, and four slots a host: its preparation and its cell (waiting for it) hold two of
        // them for the deadline, the other two run the rest meanwhile, so the stall overlaps the run instead of
        // adding to it (with two slots, each host did nothing else for those 10 s).
        Files.writeString(matrix, """
                name: registry-faults
                hosts:
                  - {name: docker, endpoint: 'unix:///var/run/docker.sock', concurrency: 4}
                  - {name: podman, endpoint: 'unix:///run/podman/podman.sock', concurrency: 4}
                images:
                %sdefaults:
                  timeout: 60s
                """.formatted(images));
        Path reports = dir.resolve("reports");

        Path asked = dir.resolve("helper-asked.log");
        Path childDockerConfig = credentialHelperConfig(asked);

        ProcessBuilder cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + CrosshostConfiguration.PULL_DEADLINE + "=" + PULL_DEADLINE,
                "-cp", System.getProperty("java.class.path"), "io.crosshost.cli.CrosshostCommand",
                "run", "-m", matrix.toString(), "--reports", reports.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
        cli.environment().put("REGISTRY_AUTH_FILE", dir.resolve("auth.json").toString());
        cli.environment().put("DOCKER_CONFIG", childDockerConfig.toString());
        cli.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        long started = System.nanoTime();
        Process process = cli.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the run ends").isTrue();
        long runMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String log = Files.readString(dir.resolve("run.log"));
        System.out.println(log);
        System.out.printf("RegistryFaultsIT: the run took %d ms (crosshost.pullDeadline=%s); the relay stalled %d connections, "
                + "of which the engines closed %d themselves%n", runMillis, PULL_DEADLINE, relay.stalledConnections(), relay.abandonedByTheEngine());

        assertThat(process.exitValue()).as(log).isEqualTo(1);
        RunResults results = ResultsFile.read(reports.resolve("latest"));
        // Where the run's time went, cell by cell (from the run's start; a cell's time includes waiting for its image).
        results.cells().stream().sorted(java.util.Comparator.comparing(CellResult::startedAt)).forEach(c -> System.out.printf(
                "RegistryFaultsIT: %-26s started at %5.1f s, took %5.1f s%n", c.image() + "@" + c.host(),
                java.time.Duration.between(results.run().startedAt(), c.startedAt()).toMillis() / 1000.0, c.duration().toMillis() / 1000.0));
        Map<String, Status> grid = new TreeMap<>();
        results.cells().forEach(c -> grid.put(c.image() + "@" + c.host(), c.status()));
        assertThat(grid).as(log).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
                Map.entry("good@docker", Status.PASS), Map.entry("good@podman", Status.PASS),
                Map.entry("local@docker", Status.PASS), Map.entry("local@podman", Status.PASS),
                Map.entry("unknown-tag@docker", Status.ERROR), Map.entry("unknown-tag@podman", Status.ERROR),
                Map.entry("untrusted@docker", Status.ERROR), Map.entry("untrusted@podman", Status.ERROR),
                Map.entry("stopped@docker", Status.ERROR), Map.entry("stopped@podman", Status.ERROR),
                Map.entry("wrong-credentials@docker", Status.ERROR), Map.entry("wrong-credentials@podman", Status.ERROR),
                Map.entry("stalled@docker", Status.ERROR), Map.entry("stalled@podman", Status.ERROR),
                Map.entry("helped@docker", Status.PASS), Map.entry("helped@podman", Status.PASS))));

        // Each message: one line, "could not pull IMAGE on host H from registry R: <the engine's words>", and the words
        // are the registry's (or the TLS layer's, or the socket's) as each engine passes them on.
        Map<String, String> words = Map.of(
                "unknown-tag", "manifest unknown",
                "untrusted", "x509: certificate signed by unknown authority",
                "stopped", "connection refused",
                "wrong-credentials", "unauthorized");
        for (CellResult cell : results.cells().stream().filter(c -> c.status() == Status.ERROR && !c.image().equals("stalled")).toList()) {
            String registry = switch (cell.image()) {
                case "untrusted" -> untrusted.address();
                case "stopped" -> stopped.address();
                case "wrong-credentials" -> wrongCredentials.address();
                default -> good.address();
            };
            String ref = registry + "/fault/busybox:" + (cell.image().equals("unknown-tag") ? "no-such-tag" : "latest");
            System.out.println("RegistryFaultsIT: " + cell.image() + "@" + cell.host() + ": " + cell.message());
            assertThat(cell.message()).as(cell.cellId())
                    .startsWith("could not pull " + ref + " on host " + cell.host() + " from registry " + registry + ": ")
                    .containsIgnoringCase(words.get(cell.image()))
                    .doesNotContain("\n", "Exception", "\tat ");
        }
        assertTheStalledPullsEndedByTheDeadline(results, log, runMillis);
        assertNothingLeftBehind(results);

        // The helper: asked once in the run (both hosts pull through the same resolver), for its registry only, silently.
        assertThat(Files.readAllLines(asked)).as("what docker-credential-crosshosttest was asked").containsExactly("get " + helped.address());
        assertThat(log).doesNotContain("no credentials for registry");

        // Once per host and image: one pull line each in the (non-terminal) log, with the registry's digest for the good one.
        for (String host : List.of("docker", "podman")) {
            assertThat(log.lines().filter(l -> l.startsWith("pull  " + good.address() + "/fault/busybox:latest on host " + host + " ")))
                    .as(log).singleElement().satisfies(l -> assertThat(l).containsPattern("sha256:[0-9a-f]{64}$"));
        }
        String digest = results.image("good", "docker").orElseThrow().digest();
        assertThat(digest).as("the registry's digest, the same on both hosts").matches("sha256:[0-9a-f]{64}")
                .isEqualTo(results.image("good", "podman").orElseThrow().digest());
        assertThat(results.cells().stream().filter(c -> c.image().equals("good")).map(CellResult::imageDigest)).containsOnly(digest);

        // No credential in any report, nor in what the run printed: neither the passwords nor their base64 forms.
        List<String> secrets = List.of(PASSWORD, WRONG_PASSWORD, HELPED_PASSWORD, base64("fault:" + PASSWORD),
                base64("fault:" + WRONG_PASSWORD), base64(HELPED_USER + ":" + HELPED_PASSWORD));
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                assertThat(secrets).as(file.toString()).noneMatch(text::contains);
            }
        }
        assertThat(secrets).as("the run's output").noneMatch(log::contains);
    }

    /** The stalled pulls: ended by the deadline alone, on each host, each in one line naming image, host, registry and setting. */
    private static void assertTheStalledPullsEndedByTheDeadline(RunResults results, String log, long runMillis) {
        for (CellResult cell : results.cells().stream().filter(c -> c.image().equals("stalled")).toList()) {
            System.out.println("RegistryFaultsIT: " + cell.image() + "@" + cell.host() + ": " + cell.message());
            assertThat(cell.message()).as(cell.cellId())
                    .startsWith("pulling " + stalling.address() + "/" + STALLED_REPOSITORY + " on host " + cell.host()
                            + " from registry " + stalling.address() + " did not end within " + PULL_DEADLINE
                            + " (the setting crosshost.pullDeadline)")
                    .doesNotContain("\n", "Exception", "\tat ");
        }
        assertThat(relay.stalledConnections()).as("blob downloads the relay held, at least one per host").isGreaterThanOrEqualTo(2);
        // Ended by the deadline: each stalled pull's line says how long it went, the deadline and not much more.
        long deadlineMillis = DurationText.parse(PULL_DEADLINE).toMillis();
        for (String host : List.of("docker", "podman")) {
            List<String> lines = log.lines()
                    .filter(l -> l.startsWith("PULL  pulling " + stalling.address() + "/" + STALLED_REPOSITORY + " on host " + host + " ")).toList();
            assertThat(lines).as("the stalled pull's line on " + host).hasSize(1);
            String line = lines.get(0);
            java.util.regex.Matcher after = java.util.regex.Pattern.compile("\\(after ([0-9.]+) s\\)$").matcher(line);
            assertThat(after.find()).as(line).isTrue();
            assertThat(Math.round(Double.parseDouble(after.group(1)) * 1000)).as(line).isBetween(deadlineMillis, deadlineMillis + 5_000);
        }
        // And the run with it: the deadline plus what the rest of the run takes (see RUN_MARGIN_MILLIS), far below the
        // 15 minutes a default deadline would have waited.
        assertThat(runMillis).as("the run's wall time with a %s pull deadline", PULL_DEADLINE).isLessThan(deadlineMillis + RUN_MARGIN_MILLIS);
    }

    /** Nothing left behind: no relay thread, no container of the run, no image (partial or whole) of the stalled pull. */
    private static void assertNothingLeftBehind(RunResults results) throws Exception {
        // Which engine still holds its stalled connection now that the run is over (seen: dockerd, though its log says it
        // cancelled the pull; Podman closes its own): a diagnostic only, so a machine without iproute2's ss just says so.
        try {
            Process ss = new ProcessBuilder("ss", "-tnpH", "dport = :" + STALLING_PORT).redirectErrorStream(true).start();
            System.out.println("RegistryFaultsIT: connections to the relay after the run:\n"
                    + new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException noSs) {
            System.out.println("RegistryFaultsIT: no ss here to show the connections to the relay: " + noSs.getMessage());
        }
        relay.close();
        assertThat(relay.threadsAlive()).as("relay threads after close").isFalse();
        for (String host : HOSTS) {
            assertThat(run(List.of(PrivateDockerd.DOCKER_CLI, "-H", host, "ps", "-aq", "--filter",
                    "label=crosshost.run=" + results.run().runId()), null)).as("containers of the run on " + host).isBlank();
            assertThat(exitOf(List.of(PrivateDockerd.DOCKER_CLI, "-H", host, "image", "inspect", stalledImageId)))
                    .as("the stalled image %s on %s", stalledImageId, host).isNotZero();
        }
    }

    /**
     * The helped registry's credentials are in no file, only behind a credHelpers entry of a Docker config of the
     * child's own, answered by a fake helper on its PATH (dir/bin) that logs each question to {@code asked}.
     */
    private static Path credentialHelperConfig(Path asked) throws IOException {
        Path childDockerConfig = Files.createDirectories(dir.resolve("child-docker-config"));
        Files.writeString(childDockerConfig.resolve("config.json"),
                "{\"credHelpers\": {\"" + helped.address() + "\": \"crosshosttest\"}}\n");
        Path helper = Files.createDirectories(dir.resolve("bin")).resolve("docker-credential-crosshosttest");
        Files.writeString(helper, String.join("\n", "#!/bin/sh",
                "url=$(cat)",
                "echo \"$1 $url\" >> " + asked,
                "if [ \"$1\" = get ] && [ \"$url\" = " + helped.address() + " ]; then",
                "  printf '{\"ServerURL\":\"%s\",\"Username\":\"" + HELPED_USER + "\",\"Secret\":\"" + HELPED_PASSWORD + "\"}\\n' \"$url\"",
                "else",
                "  echo 'credentials not found in native keychain'; exit 1",
                "fi", ""));
        Files.setPosixFilePermissions(helper, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return childDockerConfig;
    }

    private static String image(String name, PrivateRegistry registry, String repositoryAndTag) {
        return "  - {name: " + name + ", ref: '" + registry.address() + "/" + repositoryAndTag + "', pull: always}\n";
    }

    private static int exitOf(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return p.exitValue();
    }

    private static String run(List<String> command, String stdin) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
