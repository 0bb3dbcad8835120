package io.crosshost.matrix;

import java.nio.file.Path;

/**
 * How to reach a host's engine API: {@code unix:///path}, {@code tcp://host:port} (with a TLS
 * certificate directory holding ca.pem, cert.pem and key.pem), or {@code default} for the engine
 * that Testcontainers discovers (DOCKER_HOST, ~/.testcontainers.properties, the usual sockets).
 */
public record Endpoint(String uri, Path tlsCertDir) {

    public static final String DEFAULT = "default";

    public boolean isDefault() {
        return DEFAULT.equals(uri);
    }

    public boolean usesTls() {
        return tlsCertDir != null;
    }

    @Override
    public String toString() {
        return usesTls() ? uri + " (TLS, certificates in " + tlsCertDir + ")" : uri;
    }
}
