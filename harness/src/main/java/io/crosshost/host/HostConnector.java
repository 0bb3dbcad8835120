package io.crosshost.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.crosshost.matrix.Endpoint;
import io.crosshost.matrix.HostSpec;
import io.crosshost.runtime.EngineMessages;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.TransportConfig;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds one docker-java client per host. Testcontainers keeps a single Docker environment per JVM
 * (testcontainers-java#237), so it is asked only where the {@code default} host is; the client is always
 * our own, and a cell never goes through Testcontainers' global client.
 */
public final class HostConnector {

    /** Long enough for a loaded engine, short enough that a hung one does not stall a run. */
    public static final Duration PING_DEADLINE = Duration.ofSeconds(10);

    static final String LAB_HINT = "for the lab's hosts: harness/lab/lab.sh up";

    private HostConnector() {
    }

    /** A client for this host; throws {@link HostUnreachable} with a message naming the host and what was tried. */
    public static HostConnection connect(HostSpec host, Duration requestDeadline) {
        Endpoint endpoint = host.endpoint();
        String uri = endpoint.isDefault() ? discoverDefault(host) : endpoint.uri();
        Path tls = endpoint.tlsCertDir();
        if (uri.startsWith("tcp://") && tls == null) {
            throw new HostUnreachable(host.name() + ": " + uri + " needs a TLS certificate directory (tls: cert_dir: DIR with ca.pem, "
                    + "cert.pem, key.pem); Crosshost never talks to a remote engine in plain TCP");
        }
        if (tls != null) {
            java.util.List<String> missing = java.util.stream.Stream.of("ca.pem", "cert.pem", "key.pem")
                    .filter(file -> !Files.isReadable(tls.resolve(file))).toList();
            if (!missing.isEmpty()) {
                // Checked before any connection: without a client certificate there is nothing safe to send.
                throw new HostUnreachable(host.name() + ": " + uri + " needs TLS client certificates, but " + tls + " has no readable "
                        + String.join(", ", missing) + " (tls: cert_dir must hold ca.pem, cert.pem and key.pem)");
            }
        }
        return new HostConnection(host, client(uri, tls, 64, requestDeadline), uri, tls);
    }

    static DockerClient client(String uri, Path tls, int maxConnections, Duration requestDeadline) {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(uri);
        if (tls != null) {
            config.withDockerTlsVerify(true).withDockerCertPath(tls.toString());
        } else {
            config.withDockerTlsVerify(false);
        }
        DockerClientConfig built = config.build();
        ZerodepDockerHttpClient.Builder transport = new ZerodepDockerHttpClient.Builder()
                .dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxConnections(maxConnections);
        ZerodepDockerHttpClient lasting = transport.build();
        if (uri.startsWith("unix://")) {
            // One transport: a read timeout does nothing on a unix socket (DeadlineHttpClient interrupts instead), and
            // one connection pool lets an attach reuse the kept-alive connection of the create before it, which a
            // dockerd shutting down closes at once. With pools of their own, an attach on a new connection made as
            // dockerd got SIGTERM held the cell and the daemon's shutdown for 30 s (HostDiesMidRunIT, 3 runs of 4).
            return DockerClientImpl.getInstance(built, new DeadlineHttpClient(lasting, lasting, requestDeadline));
        }
        // Over TCP, the requests that should answer at once go to a transport whose read timeout is the deadline (a
        // java.net.Socket read ignores interrupts), the streams and waits to one without.
        ZerodepDockerHttpClient quick = transport.responseTimeout(requestDeadline).build();
        return DockerClientImpl.getInstance(built, new DeadlineHttpClient(quick, lasting, requestDeadline));
    }

    /**
     * Asks the engine whether it answers, within a deadline of our own: docker-java's unix socket has no read
     * timeout, so an engine that accepts connections but never answers would otherwise hang the run. The ping
     * runs on a daemon thread that is abandoned when the deadline passes (closing its client ends it).
     *
     * <p>It goes over a new connection of its own, not the host's pooled ones: a dockerd that got SIGTERM closes
     * its listening socket at once but keeps serving the connections it already has while it shuts down, so a
     * pooled ping would still say yes for a host that no longer takes anything new.
     *
     * @throws HostUnreachable naming the host, the endpoint and why, in one line with one way to fix it
     */
    public static void ping(HostConnection host, Duration deadline) {
        // The ping's own deadline bounds it (the future below); the transport's must not race it with a shorter one.
        DockerClient fresh = client(host.resolvedEndpoint(), host.tlsCertDir(), 1, HostSettings.DEFAULT_REQUEST_DEADLINE.plus(deadline));
        FutureTask<Void> ping = new FutureTask<>(() -> {
            fresh.pingCmd().exec();
            return null;
        });
        io.crosshost.runtime.DaemonThreads.start("crosshost-ping-" + host.spec().name(), ping);
        try {
            ping.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new HostUnreachable("host " + host.spec().name() + ": the engine at " + host.resolvedEndpoint()
                    + " did not answer a ping within " + io.crosshost.scenario.DurationText.of(deadline) + "; is it hung? Its log says why");
        } catch (ExecutionException e) {
            throw unreachable(host, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostUnreachable("host " + host.spec().name() + ": interrupted while pinging " + host.resolvedEndpoint());
        } finally {
            try {
                fresh.close();
            } catch (java.io.IOException | RuntimeException ignored) {
                // only releases the one connection
            }
        }
    }

    /** Why a host's engine could not be talked to, by what went wrong; names the host and the endpoint. */
    static HostUnreachable unreachable(HostConnection host, Throwable cause) {
        String name = host.spec().name();
        String at = host.resolvedEndpoint();
        String why = EngineMessages.describe(cause);
        EngineMessages.Kind kind = EngineMessages.kind(cause);
        if (host.tlsCertDir() != null && kind == EngineMessages.Kind.OTHER && EngineMessages.closedByPeer(cause)) {
            // With TLS 1.3 the client's handshake is over before the engine checks the client certificate, so an
            // engine that refuses it often shows as a connection it closed, not as an alert the client read.
            kind = EngineMessages.Kind.TLS;
            why = "the engine closed the connection: " + why;
        }
        return new HostUnreachable(switch (kind) {
            case NO_SOCKET, REFUSED -> "host " + name + ": no engine answers at " + at + " (" + why + "); is it running? ("
                    + LAB_HINT + ")";
            case PERMISSION -> "host " + name + ": no permission to use " + at + " (" + why
                    + "); run as root or as a member of the socket's group";
            case TIMEOUT -> "host " + name + ": no engine answers at " + at + " (" + why + "); is the address right and the port open?";
            case TLS -> "host " + name + ": TLS with the engine at " + at + " failed (" + why + "); check that ca.pem in "
                    + host.tlsCertDir() + " signed the engine's certificate and that the engine trusts the CA that signed cert.pem";
            case UNKNOWN_HOST -> "host " + name + ": cannot resolve " + at + " (" + why + ")";
            case HTTP -> "host " + name + ": something answers at " + at + " but not as a container engine (" + why + ")";
            case OTHER -> "host " + name + ": no engine answers at " + at + " (" + why + ")";
        });
    }

    /** Where Testcontainers' discovery (DOCKER_HOST, ~/.testcontainers.properties, the usual sockets) finds an engine. */
    private static String discoverDefault(HostSpec host) {
        try {
            TransportConfig transport = DockerClientFactory.instance().getTransportConfig();
            URI uri = transport.getDockerHost();
            return uri.toString();
        } catch (RuntimeException e) {
            throw new HostUnreachable(host.name() + ": no default engine found (Testcontainers looked at DOCKER_HOST, "
                    + "~/.testcontainers.properties and the usual sockets): " + EngineMessages.of(e));
        }
    }

    /** The host cannot be used; the message says which host, what was tried and why. */
    public static final class HostUnreachable extends RuntimeException {
        public HostUnreachable(String message) {
            super(message, null, false, false);
        }
    }
}
