package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.container.CliTarget;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.PullProgress;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One host as a run uses it: its own docker-java client (never Testcontainers' global one, see
 * testcontainers-java#237), its facts, and its images made ready and described once per run.
 */
public interface HostSession extends AutoCloseable {

    /** Read once when the session opens; {@code reachable()} is false when the host did not answer. */
    HostFacts facts();

    DockerClient client();

    /** The endpoint as resolved (for {@code default}, what discovery found), for reproducers. */
    String endpoint();

    /** The TLS client certificate directory, or null. */
    Path tlsCertDir();

    /** Where reproducers of this host's cells point. */
    default CliTarget target() {
        return new CliTarget(endpoint(), tlsCertDir(), "Podman".equals(facts().engine()));
    }

    /**
     * Checks the image (pulling it when absent and allowed) and reads its facts; a missing image gives facts with an
     * error. A probe container it needs carries the run's labels, so the run's stop and sweep remove it like a cell's.
     */
    ImageFacts prepareImage(ImageSpec image, RunContext run);

    /** The same, telling {@code pulls} how a pull goes (a session that never pulls tells it nothing). */
    default ImageFacts prepareImage(ImageSpec image, RunContext run, Consumer<PullProgress> pulls) {
        return prepareImage(image, run);
    }

    /**
     * The same, with the image's configuration from the inspection that prepared it, for the cells' image
     * expectations: a run inspects each image once per host. A session that does not read it gives none (null).
     */
    default PreparedImage prepare(ImageSpec image, RunContext run, Consumer<PullProgress> pulls) {
        return new PreparedImage(prepareImage(image, run, pulls), null);
    }

    /**
     * Empty when the engine answers a ping within the deadline, else why not in one line. The runner asks after a
     * cell's request failed, to tell a host that stopped answering from one request that went wrong.
     */
    default java.util.Optional<String> notAnswering(java.time.Duration deadline) {
        try {
            client().pingCmd().exec();
            return java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.of(EngineMessages.of(e));
        }
    }

    @Override
    void close();

    /** Opens sessions; one per host per run. */
    interface Opener {
        HostSession open(io.crosshost.matrix.HostSpec host);
    }
}
