package io.crosshost.host;

import io.crosshost.matrix.Endpoint;
import io.crosshost.matrix.HostSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Reachability against sockets of our own: no engine needed. */
class HostConnectorTest {

    @Test
    void aSocketThatDoesNotExist(@TempDir Path dir) {
        String uri = "unix://" + dir.resolve("ghost.sock");

        try (HostConnection ghost = HostConnector.connect(host("ghost", uri), java.time.Duration.ofSeconds(60))) {
            HostConnector.HostUnreachable e = catchThrowableOfType(HostConnector.HostUnreachable.class,
                    () -> HostConnector.ping(ghost, Duration.ofSeconds(2)));

            assertThat(e.getMessage()).isEqualTo("host ghost: no engine answers at " + uri
                    + " (no such socket file); is it running? (for the lab's hosts: harness/lab/lab.sh up)");
        }
    }

    @Test
    void anEngineThatAcceptsButNeverAnswersMeetsTheDeadline(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("hung.sock");
        try (FakeEngine hung = new FakeEngine(path, false); HostConnection connection = HostConnector.connect(host("hung", "unix://" + path), java.time.Duration.ofSeconds(60))) {
            long t0 = System.nanoTime();

            HostConnector.HostUnreachable e = catchThrowableOfType(HostConnector.HostUnreachable.class,
                    () -> HostConnector.ping(connection, Duration.ofMillis(500)));

            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            assertThat(e.getMessage()).isEqualTo("host hung: the engine at unix://" + path
                    + " did not answer a ping within 500ms; is it hung? Its log says why");
            assertThat(hung.connections()).isPositive();
        }
    }

    /**
     * What a dockerd does on SIGTERM: it closes its listening socket (the file goes) but keeps answering on the
     * connections it has while it shuts down. A ping over the host's pooled connection still says yes; ours does not.
     */
    @Test
    void theDeadlinePingUsesAConnectionOfItsOwnSoAnEngineShuttingDownIsSeenAsGone(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("engine.sock");
        try (FakeEngine engine = new FakeEngine(path, true); HostConnection connection = HostConnector.connect(host("leaving", "unix://" + path), java.time.Duration.ofSeconds(60))) {
            HostConnector.ping(connection, Duration.ofSeconds(2));
            connection.client().pingCmd().exec(); // leaves a kept-alive connection in the host's pool

            engine.stopListening();

            connection.client().pingCmd().exec(); // the pooled connection still answers...
            HostConnector.HostUnreachable e = catchThrowableOfType(HostConnector.HostUnreachable.class,
                    () -> HostConnector.ping(connection, Duration.ofSeconds(2)));
            assertThat(e).as("...but a new one finds no engine").isNotNull();
            assertThat(e.getMessage()).startsWith("host leaving: no engine answers at unix://" + path + " (no such socket file)");
        }
    }

    @Test
    void anEngineThatHangsUpOnATlsClientIsATlsProblemNamingTheCertificates(@TempDir Path certs) {
        HostSpec spec = new HostSpec("remote", new Endpoint("tcp://127.0.0.1:2376", certs), 1, Map.of());
        try (HostConnection remote = new HostConnection(spec, HostConnector.connect(host("any", "unix:///nonexistent.sock"), java.time.Duration.ofSeconds(60)).client(),
                "tcp://127.0.0.1:2376", certs)) {
            // TLS 1.3: the client's handshake is done before the engine checks its certificate and hangs up.
            String message = HostConnector.unreachable(remote, new RuntimeException(new SocketException("Broken pipe"))).getMessage();

            assertThat(message).isEqualTo("host remote: TLS with the engine at tcp://127.0.0.1:2376 failed (the engine closed the "
                    + "connection: Broken pipe); check that ca.pem in " + certs + " signed the engine's certificate and that the "
                    + "engine trusts the CA that signed cert.pem");
        }
    }

    @Test
    void tcpNeedsEveryCertificateBeforeAnythingIsSent(@TempDir Path certs) throws Exception {
        Files.writeString(certs.resolve("ca.pem"), "not used");

        HostConnector.HostUnreachable e = catchThrowableOfType(HostConnector.HostUnreachable.class,
                () -> HostConnector.connect(new HostSpec("remote", new Endpoint("tcp://127.0.0.1:2376", certs), 1, Map.of()), java.time.Duration.ofSeconds(60)));

        assertThat(e.getMessage()).isEqualTo("remote: tcp://127.0.0.1:2376 needs TLS client certificates, but " + certs
                + " has no readable cert.pem, key.pem (tls: cert_dir must hold ca.pem, cert.pem and key.pem)");
    }

    private static HostSpec host(String name, String uri) {
        return new HostSpec(name, new Endpoint(uri, null), 1, Map.of());
    }

    /** A unix socket that accepts, and either answers every request with 200 OK (kept alive) or never answers. */
    private static final class FakeEngine implements AutoCloseable {

        private final Path path;
        private final ServerSocketChannel server;
        private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();

        FakeEngine(Path path, boolean answers) throws IOException {
            this.path = path;
            this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        SocketChannel c = server.accept();
                        accepted.add(c);
                        if (answers) {
                            Thread t = new Thread(() -> answer(c));
                            t.setDaemon(true);
                            t.start();
                        }
                    }
                } catch (IOException closed) {
                    // no longer listening
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int connections() {
            return accepted.size();
        }

        /** Closes the listening socket and removes its file, as Go's listener does; accepted connections stay. */
        void stopListening() throws IOException {
            server.close();
            Files.deleteIfExists(path);
        }

        private static void answer(SocketChannel c) {
            ByteBuffer in = ByteBuffer.allocate(8192);
            StringBuilder pending = new StringBuilder();
            try {
                while (c.read(in) > 0) {
                    in.flip();
                    pending.append(StandardCharsets.US_ASCII.decode(in));
                    in.clear();
                    int end;
                    while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
                        pending.delete(0, end + 4);
                        c.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                + "Api-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK").getBytes(StandardCharsets.US_ASCII)));
                    }
                }
            } catch (IOException closed) {
                // the client hung up
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (SocketChannel c : accepted) {
                c.close();
            }
            Files.deleteIfExists(path);
        }
    }
}
