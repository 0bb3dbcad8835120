package io.crosshost.lab;

import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 */
class RegistryFaultsIT {

    private static final String PASSWORD = "faults-" + Long.toHexString(System.nanoTime());
    private static final String WRONG_PASSWORD = "not-the-password";
    private static final Path LAB_CA = PrivateRegistry.LAB_REGISTRY_DIR.resolve("ca.crt");

    private static Path dir;
    private static final List<PrivateRegistry> registries = new ArrayList<>();
    private static PrivateRegistry good;
    private static PrivateRegistry untrusted;
    private static PrivateRegistry stopped;
    private static PrivateRegistry wrongCredentials;

    @BeforeAll
    static void registries() throws Exception {
        long start = System.nanoTime();
        assertThat(LAB_CA).as("the lab's registry CA; start the lab with harness/lab/lab.sh up").isRegularFile();
        dir = Files.createTempDirectory("crosshost-registry-faults");
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, run(List.of("htpasswd", "-Bbn", "fault", PASSWORD), null).strip() + "\n");
        Path storage = Files.createDirectories(dir.resolve("storage"));
        good = keep(PrivateRegistry.start(dir, 5444, htpasswd, storage).trusted());
        untrusted = keep(PrivateRegistry.start(dir, 5445, htpasswd, storage));
        stopped = keep(PrivateRegistry.none(5446).trusted());
        wrongCredentials = keep(PrivateRegistry.start(dir, 5447, htpasswd, storage).trusted());
        // The image, pushed once with a docker config of this test's own (root's ~/.docker/config.json is the lab's).
        Path dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
        String pushed = good.address() + "/fault/busybox:latest";
        String docker = PrivateDockerd.DOCKER_CLI;
        String host = "unix:///var/run/docker.sock";
        run(List.of(docker, "--config", dockerConfig.toString(), "-H", host, "login", good.address(), "-u", "fault", "--password-stdin"), PASSWORD);
        run(List.of(docker, "-H", host, "tag", "crosshost.test/busybox:latest", pushed), null);
        run(List.of(docker, "--config", dockerConfig.toString(), "-H", host, "push", pushed), null);
        run(List.of(docker, "-H", host, "rmi", pushed), null);
        Files.writeString(dir.resolve("auth.json"), "{\"auths\": {"
                + entry(good, PASSWORD) + ", " + entry(untrusted, PASSWORD) + ", " + entry(stopped, PASSWORD) + ", "
                + entry(wrongCredentials, WRONG_PASSWORD) + "}}\n");
        System.out.printf("RegistryFaultsIT: registries up and the image pushed in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
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
        for (PrivateRegistry r : registries) {
            r.close();
        }
        // What the pulls left on the two hosts, so the next run pulls again.
        for (String host : List.of("unix:///var/run/docker.sock", "unix:///run/podman/podman.sock")) {
            new ProcessBuilder(PrivateDockerd.DOCKER_CLI, "-H", host, "rmi", "-f", good.address() + "/fault/busybox:latest")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        }
        // The password file, the docker config with the login, the auth file and the blobs go too.
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
                        image("good", good, "fault/busybox:latest"),
                        image("unknown-tag", good, "fault/busybox:no-such-tag"),
                        image("untrusted", untrusted, "fault/busybox:latest"),
                        image("stopped", stopped, "fault/busybox:latest"),
                        image("wrong-credentials", wrongCredentials, "fault/busybox:latest"),
                        "  - {name: local, ref: 'crosshost.test/busybox:latest', pull: never}\n")
                .collect(Collectors.joining());
        Path matrix = Files.createDirectories(scenarios.resolve("matrices")).resolve("faults.yaml");
        Files.writeString(matrix, """
                name: registry-faults
                hosts:
                  - {name: docker, endpoint: 'unix:///var/run/docker.sock', concurrency: 2}
                  - {name: podman, endpoint: 'unix:///run/podman/podman.sock', concurrency: 2}
                images:
                %sdefaults:
                  timeout: 60s
                """.formatted(images));
        Path reports = dir.resolve("reports");

        ProcessBuilder cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.crosshost.cli.CrosshostCommand",
                "run", "-m", matrix.toString(), "--reports", reports.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
        cli.environment().put("REGISTRY_AUTH_FILE", dir.resolve("auth.json").toString());
        Process process = cli.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the run ends").isTrue();
        String log = Files.readString(dir.resolve("run.log"));
        System.out.println(log);

        assertThat(process.exitValue()).as(log).isEqualTo(1);
        RunResults results = ResultsFile.read(reports.resolve("latest"));
        Map<String, Status> grid = new TreeMap<>();
        results.cells().forEach(c -> grid.put(c.image() + "@" + c.host(), c.status()));
        assertThat(grid).as(log).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
                Map.entry("good@docker", Status.PASS), Map.entry("good@podman", Status.PASS),
                Map.entry("local@docker", Status.PASS), Map.entry("local@podman", Status.PASS),
                Map.entry("unknown-tag@docker", Status.ERROR), Map.entry("unknown-tag@podman", Status.ERROR),
                Map.entry("untrusted@docker", Status.ERROR), Map.entry("untrusted@podman", Status.ERROR),
                Map.entry("stopped@docker", Status.ERROR), Map.entry("stopped@podman", Status.ERROR),
                Map.entry("wrong-credentials@docker", Status.ERROR), Map.entry("wrong-credentials@podman", Status.ERROR))));

        // Each message: one line, "could not pull IMAGE on host H from registry R: <the engine's words>", and the words
        // are the registry's (or the TLS layer's, or the socket's) as each engine passes them on.
        Map<String, String> words = Map.of(
                "unknown-tag", "manifest unknown",
                "untrusted", "x509: certificate signed by unknown authority",
                "stopped", "connection refused",
                "wrong-credentials", "unauthorized");
        for (CellResult cell : results.cells().stream().filter(c -> c.status() == Status.ERROR).toList()) {
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
        List<String> secrets = List.of(PASSWORD, WRONG_PASSWORD, base64("fault:" + PASSWORD), base64("fault:" + WRONG_PASSWORD));
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                assertThat(secrets).as(file.toString()).noneMatch(text::contains);
            }
        }
        assertThat(secrets).as("the run's output").noneMatch(log::contains);
    }

    private static String image(String name, PrivateRegistry registry, String repositoryAndTag) {
        return "  - {name: " + name + ", ref: '" + registry.address() + "/" + repositoryAndTag + "', pull: always}\n";
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
