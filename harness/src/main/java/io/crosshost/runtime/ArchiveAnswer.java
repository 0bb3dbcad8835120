package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The engine's answer to {@code GET /containers/{id}/archive?path=...}: a tar of the path and its stat header.
 * docker-java's copy command drops the header, which is the only place both engines say what the path itself is
 * (Podman's tar follows a symlink), so the request goes through the client's own HTTP transport.
 */
record ArchiveAnswer(InputStream body, PathStat stat, Closeable response) implements Closeable {

    private static final String STAT_HEADER = "X-Docker-Container-Path-Stat";

    /** The answer, or null when the container has no such path. */
    static ArchiveAnswer get(DockerClient client, String containerId, String path) throws IOException {
        if (!(client instanceof DockerClientImpl impl)) {
            InputStream tar = client.copyArchiveFromContainerCmd(containerId, path).exec();
            return new ArchiveAnswer(tar, null, tar);
        }
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + containerId + "/archive?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
                .build();
        DockerHttpClient.Response response = impl.getHttpClient().execute(request);
        int status = response.getStatusCode();
        if (status == 404) {
            response.close();
            return null;
        }
        if (status != 200) {
            String body;
            try (InputStream in = response.getBody()) {
                body = new String(in.readNBytes(2000), StandardCharsets.UTF_8).strip();
            } finally {
                response.close();
            }
            if (body.contains("no such container") || body.contains("No such container")) {
                throw new NotFoundException(body);
            }
            throw new IOException("status " + status + ": " + body);
        }
        return new ArchiveAnswer(response.getBody(), PathStat.decode(response.getHeader(STAT_HEADER)), response);
    }

    @Override
    public void close() throws IOException {
        response.close();
    }
}
