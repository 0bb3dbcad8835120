package io.crosshost.cli;

import io.crosshost.host.HostSessions;
import io.crosshost.lab.LabHosts;
import io.crosshost.lab.LoopbackTap;
import io.crosshost.lab.PrivateDockerd;
import io.crosshost.lab.TestCertificates;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.Endpoint;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ResultListener;
import io.crosshost.result.Status;
import io.crosshost.runtime.MatrixRunner;
import io.crosshost.runtime.RunContext;
import io.crosshost.TestModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remote host over TLS, for real: the test starts a dockerd of its own (not one of the lab's) that listens on
 * 127.0.0.1:PORT with --tlsverify and certificates made here with openssl, imports busybox into it, and runs
 * cells on it through the command. The right client certificates make a PASS; certificates from another CA,
 * or none at all, make the host's cells ERROR with a message naming the host and the endpoint, and nothing
 * ever goes over the wire in plain HTTP. The daemon and its directory are gone afterwards, whatever happened.
 */
class RemoteTlsHostIT {

    private static final String HOST = "remote-tls";
    private static final String IMAGE = "crosshost.test/busybox:latest";

    private static Path dir;
    private static PrivateDockerd dockerd;
    private static int port;
    private static TestCertificates certs;
    private static Path goodCerts;
    private static Path clientFromOtherCa;
    private static Path certsOfOtherEngine;

    @BeforeAll
    static void startATlsEngineOfOurOwn() throws Exception {
        LabHosts.connect(LabHosts.DOCKER).close(); // the image comes from the lab's docker host
        // Short: dockerd's exec root holds unix sockets, whose paths must stay under 108 bytes.
        dir = Files.createTempDirectory(Path.of("/tmp"), "chtls");
        try {
            certs = new TestCertificates(dir.resolve("pki"));
            certs.ca("right");
            certs.ca("wrong");
            certs.server("right");
            goodCerts = certs.clientDir("client", "right", "right");
            clientFromOtherCa = certs.clientDir("client-of-wrong-ca", "wrong", "right");
            certsOfOtherEngine = certs.clientDir("other-engine", "wrong", "wrong");
            port = PrivateDockerd.freeLoopbackPort();
            dockerd = PrivateDockerd.start(dir.resolve("engine"), List.of(
                    "--host", "tcp://127.0.0.1:" + port, "--tlsverify",
                    "--tlscacert", certs.file("right-ca.pem").toString(),
                    "--tlscert", certs.file("server-cert.pem").toString(),
                    "--tlskey", certs.file("server-key.pem").toString()));
            dockerd.importFromLabDocker(IMAGE);
            Files.createDirectories(dir.resolve("scenarios/matrices"));
            Files.writeString(dir.resolve("scenarios/tls-hello.yaml"), """
                    id: tls-hello
                    title: a cell on an engine reached over TLS
                    run: echo hello over tls
                    expect:
                      exit_code: 0
                      stdout:
                        contains: hello over tls
                    """);
        } catch (Exception | Error e) {
            stopEverything();
            throw e;
        }
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (dockerd != null) {
                dockerd.close();
            }
        } finally {
            if (dir != null && Files.exists(dir)) {
                PrivateDockerd.run(List.of("rm", "-rf", dir.toString()));
            }
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void aCellOnTheTlsHostPassesAndRanOnThatEngine(@TempDir Path reports) throws Exception {
        Path matrix = matrix("good", "tcp://127.0.0.1:" + port, goodCerts);

        long t0 = System.nanoTime();
        Cli.Result run = Cli.run("run", "-m", matrix.toString(), "--reports", reports.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.out.println("RemoteTlsHostIT: a run of one cell on the TLS host took " + took.toMillis() + " ms\n" + run.err());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        RunResults results = ResultsFile.read(reports.resolve("latest"));
        CellResult cell = results.cells().get(0);
        assertThat(results.cells()).hasSize(1);
        assertThat(cell.status()).as(cell.message()).isEqualTo(Status.PASS);
        assertThat(cell.host()).isEqualTo(HOST);
        HostFacts facts = results.host(HOST).orElseThrow();
        assertThat(facts.reachable()).isTrue();
        assertThat(facts.endpoint()).isEqualTo("tcp://127.0.0.1:" + port);
        assertThat(facts.engine()).isEqualTo("Docker");
        // It ran on our TLS engine: that engine served the requests for the cell's own container, over the TCP port.
        assertThat(cell.containerId()).isNotBlank();
        assertThat(dockerd.log()).contains("/containers/" + cell.containerId() + "/start");
        assertThat(dockerd.docker("ps", "-aq", "--filter", "label=" + RunContext.LABEL_RUN)).isBlank();
        // The reproducer is a real command: the docker client re-runs the cell over TLS with it.
        assertThat(cell.reproducer()).contains("--tlsverify", goodCerts.resolve("ca.pem").toString(), "-H tcp://127.0.0.1:" + port);
        assertThat(PrivateDockerd.run(List.of("sh", "-c", cell.reproducer()))).contains("hello over tls");
        assertThat(took).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aClientCertificateFromAnotherCaIsAnErrorNamingTheHostAndNothingGoesInPlainHttp(@TempDir Path reports) throws Exception {
        try (LoopbackTap tap = new LoopbackTap(port)) {
            String endpoint = "tcp://127.0.0.1:" + tap.port();
            int handshakeErrorsBefore = count(dockerd.log(), "TLS handshake error");
            int callsBefore = count(dockerd.log(), "Calling ");

            CellResult cell = onlyCell(runExpectingErrors(matrix("client-of-wrong-ca", endpoint, clientFromOtherCa), reports));

            assertThat(cell.status()).isEqualTo(Status.ERROR);
            assertThat(cell.message()).startsWith("host " + HOST + ": TLS with the engine at " + endpoint + " failed")
                    .contains(clientFromOtherCa.toString()).doesNotContainIgnoringCase("exception");
            // The engine turned the client down in the handshake, and answered nothing.
            assertThat(count(dockerd.log(), "TLS handshake error")).isGreaterThan(handshakeErrorsBefore);
            assertThat(count(dockerd.log(), "Calling ")).isEqualTo(callsBefore);
            assertThat(tap.openings()).isNotEmpty().allSatisfy(o -> assertThat(LoopbackTap.isTlsHandshake(o))
                    .as("a connection opened with %s", new String(o, java.nio.charset.StandardCharsets.ISO_8859_1)).isTrue());
        }
    }

    @Test
    void certificatesOfAnotherEngineAreAnErrorNamingTheHostAndNothingGoesInPlainHttp(@TempDir Path reports) throws Exception {
        try (LoopbackTap tap = new LoopbackTap(port)) {
            String endpoint = "tcp://127.0.0.1:" + tap.port();

            CellResult cell = onlyCell(runExpectingErrors(matrix("other-engine", endpoint, certsOfOtherEngine), reports));

            // Here the client refuses the engine: its certificate is not signed by the ca.pem it was given.
            assertThat(cell.status()).isEqualTo(Status.ERROR);
            assertThat(cell.message()).startsWith("host " + HOST + ": TLS with the engine at " + endpoint + " failed")
                    .contains(certsOfOtherEngine.toString());
            assertThat(tap.openings()).isNotEmpty().allSatisfy(o -> assertThat(LoopbackTap.isTlsHandshake(o)).isTrue());
        }
    }

    @Test
    void withoutClientCertificatesNothingIsSentAtAll(@TempDir Path reports) throws Exception {
        try (LoopbackTap tap = new LoopbackTap(port)) {
            String endpoint = "tcp://127.0.0.1:" + tap.port();

            // No tls: at all: the matrix is refused before anything runs (bad input, exit 2), at the endpoint's line.
            Path noTls = dir.resolve("scenarios/matrices/no-tls.yaml");
            Files.writeString(noTls, "name: no-tls\nhosts:\n  - name: " + HOST + "\n    endpoint: " + endpoint + "\n"
                    + "images:\n  - name: busybox\n    ref: " + IMAGE + "\n    pull: never\n");
            Cli.Result refused = Cli.run("run", "-m", noTls.toString(), "--reports", reports.resolve("no-tls").toString());
            assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains(noTls + ":4:").contains("tcp endpoint '" + endpoint + "' needs 'tls: {cert_dir: ...}'")
                    .doesNotContain("\tat ");

            // A cert_dir without the certificates in it: the host's cells are ERROR, naming the host and the endpoint.
            Path empty = Files.createDirectories(dir.resolve("pki/empty"));
            CellResult cell = onlyCell(runExpectingErrors(matrix("empty", endpoint, empty), reports.resolve("empty")));
            assertThat(cell.status()).isEqualTo(Status.ERROR);
            assertThat(cell.message()).isEqualTo("host " + HOST + ": " + endpoint + " needs TLS client certificates, but " + empty
                    + " has no readable ca.pem, cert.pem, key.pem (tls: cert_dir must hold ca.pem, cert.pem and key.pem)");

            // A matrix made in code, past the loader: the host refuses plain TCP and its cells are ERROR, naming both.
            HostSpec plain = new HostSpec(HOST, new Endpoint(endpoint, null), 1, Map.of());
            PlannedCell planned = new PlannedCell(new Cell(TestModel.scenario("tls-hello", "echo hello over tls"),
                    new ImageSpec("busybox", IMAGE, null, ImageSpec.PullPolicy.NEVER, Map.of()), plain), Optional.empty(), Optional.empty());
            CellResult inCode;
            try (MatrixRunner runner = new MatrixRunner(RunContext.start(Defaults.STANDARD), List.of(planned), h -> HostSessions.open(h, io.crosshost.host.HostSettings.defaults()),
                    new ResultListener() { })) {
                runner.start();
                inCode = runner.result(planned.id()).get(30, TimeUnit.SECONDS);
            }
            assertThat(inCode.status()).isEqualTo(Status.ERROR);
            assertThat(inCode.message()).contains(HOST).contains(endpoint).contains("needs a TLS certificate directory")
                    .contains("never talks to a remote engine in plain TCP");

            assertThat(tap.openings()).as("connections to the engine's port").isEmpty();
        }
    }

    /** A matrix with the TLS host alone, written after the certificates exist (the loader checks cert_dir). */
    private static Path matrix(String name, String endpoint, Path certDir) throws Exception {
        Path file = dir.resolve("scenarios/matrices/" + name + ".yaml");
        Files.writeString(file, """
                name: %s
                hosts:
                  - name: %s
                    endpoint: %s
                    tls:
                      cert_dir: %s
                images:
                  - name: busybox
                    ref: %s
                    pull: never
                defaults:
                  timeout: 30s
                """.formatted(name, HOST, endpoint, certDir, IMAGE));
        return file;
    }

    private static RunResults runExpectingErrors(Path matrix, Path reports) throws Exception {
        long t0 = System.nanoTime();
        Cli.Result run = Cli.run("run", "-m", matrix.toString(), "--reports", reports.toString());
        System.out.println("RemoteTlsHostIT: " + matrix.getFileName() + " run took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.err()).contains("ERROR tls-hello / busybox @ " + HOST);
        return ResultsFile.read(reports.resolve("latest"));
    }

    private static CellResult onlyCell(RunResults results) {
        assertThat(results.cells()).hasSize(1);
        return results.cells().get(0);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
