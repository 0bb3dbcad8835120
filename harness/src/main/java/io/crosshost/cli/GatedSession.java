package io.crosshost.cli;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.PullProgress;
import io.crosshost.runtime.CreateGate;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.PreparedImage;
import io.crosshost.runtime.RunContext;

import java.nio.file.Path;
import java.util.function.Consumer;

/** A host session whose container creates pass a {@link CreateGate}, so that a stopping triage leaves nothing behind. */
final class GatedSession implements HostSession {

    private final HostSession inner;
    private final DockerClient client;

    GatedSession(HostSession inner, CreateGate gate) {
        this.inner = inner;
        this.client = inner.facts().reachable() ? gate.client(inner) : inner.client();
    }

    @Override
    public HostFacts facts() {
        return inner.facts();
    }

    @Override
    public DockerClient client() {
        return client;
    }

    @Override
    public String endpoint() {
        return inner.endpoint();
    }

    @Override
    public Path tlsCertDir() {
        return inner.tlsCertDir();
    }

    @Override
    public ImageFacts prepareImage(ImageSpec image, RunContext run) {
        return inner.prepareImage(image, run);
    }

    @Override
    public ImageFacts prepareImage(ImageSpec image, RunContext run, Consumer<PullProgress> pulls) {
        return inner.prepareImage(image, run, pulls);
    }

    @Override
    public PreparedImage prepare(ImageSpec image, RunContext run, Consumer<PullProgress> pulls) {
        return inner.prepare(image, run, pulls);
    }

    @Override
    public void close() {
        inner.close();
    }
}
