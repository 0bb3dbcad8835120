package io.crosshost.host;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.matrix.HostSpec;

import java.io.IOException;
import java.nio.file.Path;

/** One host's own docker-java client, and the endpoint it resolved to (what {@code default} turned out to be). */
public record HostConnection(HostSpec spec, DockerClient client, String resolvedEndpoint, Path tlsCertDir) implements AutoCloseable {

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // the connection is gone either way
        }
    }
}
