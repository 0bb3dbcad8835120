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

/**
 * Builds one docker-java client per host. Testcontainers keeps a single Docker environment per JVM
 * (testcontainers-java#237), so it is asked only where the {@code default} host is; the client is always
 * our own, and a cell never goes through Testcontainers' global client.
 */
public final class HostConnector {

    private HostConnector() {
    }

    /** A client for this host; throws {@link HostUnreachable} with a message naming the host and what was tried. */
    public static HostConnection connect(HostSpec host) {
        Endpoint endpoint = host.endpoint();
        String uri = endpoint.isDefault() ? discoverDefault(host) : endpoint.uri();
        Path tls = endpoint.tlsCertDir();
        if (uri.startsWith("tcp://") && tls == null) {
            throw new HostUnreachable(host.name() + ": " + uri + " needs a TLS certificate directory (tls: cert_dir: DIR with ca.pem, "
                    + "cert.pem, key.pem); Crosshost never talks to a remote engine in plain TCP");
        }
        if (tls != null) {
            for (String file : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
                if (!Files.isReadable(tls.resolve(file))) {
                    throw new HostUnreachable(host.name() + ": no readable " + tls.resolve(file) + " for TLS to " + uri);
                }
            }
        }
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(uri);
        if (tls != null) {
            config.withDockerTlsVerify(true).withDockerCertPath(tls.toString());
        } else {
            config.withDockerTlsVerify(false);
        }
        DockerClientConfig built = config.build();
        // No response timeout: waiting for a container can take as long as its scenario's timeout.
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxConnections(64)
                .build();
        return new HostConnection(host, DockerClientImpl.getInstance(built, http), uri, tls);
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
