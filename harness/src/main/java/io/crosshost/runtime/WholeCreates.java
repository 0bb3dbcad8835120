package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * A transport on which a container create, once sent, always gets its answer: the request runs on a thread of its
 * own and the caller waits for it even when interrupted (its interrupt is kept for what it does next).
 *
 * <p>Why: a stop interrupts the cells' threads, and an interrupted request ends at once on the client's side (the JDK
 * closes the socket channel) while the engine goes on and makes the container, unknown to the harness and often
 * after the run's label sweep has looked. With the create's answer in hand, the cell that asked removes the container
 * as it does for any other failure after a create, and the run's close finds nothing made behind its back.
 */
final class WholeCreates implements DockerHttpClient {

    private static final Pattern CREATE = Pattern.compile("^(/v[0-9.]+)?/containers/create([?].*)?$");
    private static final ExecutorService CREATORS = Executors.newCachedThreadPool(DaemonThreads.named("crosshost-create"));

    private final DockerHttpClient delegate;
    private final CreateGate gate;

    private WholeCreates(DockerHttpClient delegate, CreateGate gate) {
        this.delegate = delegate;
        this.gate = gate;
    }

    /**
     * The session's client with whole creates: the same transport and connection pool underneath. A client that is
     * not docker-java's own (a test's stand-in) is returned as it is.
     */
    static DockerClient client(HostSession session) {
        return client(session, null);
    }

    /** The same, its creates counted by {@code gate} (null: none). */
    static DockerClient client(HostSession session, CreateGate gate) {
        DockerClient client = session.client();
        if (!(client instanceof DockerClientImpl impl) || impl.getHttpClient() == null) {
            return client;
        }
        try {
            // The configuration only gives the API path and the JSON mapper here: TLS is the transport's, set up already.
            var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(session.endpoint())
                    .withDockerTlsVerify(false).build();
            return DockerClientImpl.getInstance(config, new WholeCreates(impl.getHttpClient(), gate));
        } catch (RuntimeException unusualEndpoint) {
            // Never worse than before: the host's cells then run on the session's client as it is.
            return client;
        }
    }

    @Override
    public Response execute(Request request) {
        if (!"POST".equals(request.method()) || !CREATE.matcher(request.path()).matches()) {
            return delegate.execute(request);
        }
        if (gate != null) {
            gate.enter();
        }
        try {
            return whole(request);
        } finally {
            if (gate != null) {
                gate.exit();
            }
        }
    }

    private Response whole(Request request) {
        Future<Answer> answer = CREATORS.submit(() -> {
            // Read whole on that thread too: reading the body on an interrupted caller would close the channel again.
            try (Response r = delegate.execute(request); InputStream body = r.getBody()) {
                return new Answer(r.getStatusCode(), r.getHeaders(), body.readAllBytes());
            }
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return answer.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new java.io.UncheckedIOException(new IOException(e.getCause()));
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() throws IOException {
        // The session closes the transport it shares with this one.
    }

    /** A create's answer, read whole. */
    private record Answer(int status, Map<String, List<String>> headers, byte[] body) implements Response {

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public void close() {
        }
    }
}
