package io.crosshost.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How many processes a container has, from the engine's stats endpoint, read as a tree and only for
 * {@code pids_stats.current}.
 *
 * <p>Not through docker-java's {@code statsCmd}: its model maps every counter to a signed long, and Podman 4.3
 * under a fork bomb sometimes reports a CPU counter that wrapped below zero as an unsigned 64-bit number
 * (18446744073657045627 was seen here), which fails the whole response, pids included.
 */
final class ContainerPids {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContainerPids() {
    }

    /**
     * The container's current process count, or null when the engine does not say within the deadline (the count
     * only adds to a message, so nothing here fails a cell). {@code one-shot} spares Docker its one-second CPU sample.
     */
    static Long current(DockerClient client, String containerId, Duration deadline) {
        if (!(client instanceof DockerClientImpl impl)) {
            return null;
        }
        DockerHttpClient http = impl.getHttpClient();
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + containerId + "/stats?stream=false&one-shot=true")
                .build();
        // The count is only a hint, so it gets far less than the host's request deadline: the request runs on a
        // thread of its own, left to end at that deadline when the engine does not answer within this one.
        CompletableFuture<Long> read = new CompletableFuture<>();
        DaemonThreads.start("crosshost-pids-" + containerId.substring(0, Math.min(12, containerId.length())), () -> {
            try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
                read.complete(response.getStatusCode() == 200 ? fromStats(body) : null);
            } catch (Exception e) {
                read.completeExceptionally(e);
            }
        });
        try {
            return read.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** {@code pids_stats.current} of a stats response, whatever the other counters hold; null when absent. */
    static Long fromStats(InputStream stats) throws java.io.IOException {
        JsonNode pids = JSON.readTree(stats).path("pids_stats").path("current");
        return pids.canConvertToLong() ? pids.asLong() : null;
    }
}
