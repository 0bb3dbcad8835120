package io.crosshost.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.PullProgress;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.ImageConfigs;
import io.crosshost.runtime.PreparedImage;
import io.crosshost.runtime.RunContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** Real hosts: what the engine uses unless a test hands it others. */
public final class HostSessions {

    private HostSessions() {
    }

    /** Connects and reads the host's facts; an unreachable host gives a session whose facts say why. */
    public static HostSession open(HostSpec host, HostSettings settings) {
        HostConnection connection;
        try {
            connection = HostConnector.connect(host, settings.requestDeadline());
        } catch (HostConnector.HostUnreachable e) {
            return new Unreachable(host, e.getMessage());
        }
        return new Connected(connection, HostFactsProbe.probe(connection), new ImageFactsCache(settings.cacheDir().resolve("image-facts")), settings);
    }

    private record Connected(HostConnection connection, HostFacts facts, ImageFactsCache cache, HostSettings settings) implements HostSession {

        @Override
        public DockerClient client() {
            return connection.client();
        }

        @Override
        public String endpoint() {
            return connection.resolvedEndpoint();
        }

        @Override
        public Path tlsCertDir() {
            return connection.tlsCertDir();
        }

        @Override
        public ImageFacts prepareImage(ImageSpec image, RunContext run) {
            return prepareImage(image, run, pull -> { });
        }

        @Override
        public ImageFacts prepareImage(ImageSpec image, RunContext run, Consumer<PullProgress> pulls) {
            return prepare(image, run, pulls).facts();
        }

        @Override
        public PreparedImage prepare(ImageSpec image, RunContext run, Consumer<PullProgress> pulls) {
            ImagePreparer.Prepared prepared;
            try {
                prepared = ImagePreparer.prepare(connection, image, settings, pulls);
            } catch (ImagePreparer.ImageMissing e) {
                return new PreparedImage(ImageFacts.missing(image.name(), connection.spec().name(), image.reference(), e.getMessage()),
                        null);
            }
            InspectImageResponse inspected = prepared.inspected();
            ImageFacts facts = ImageFactsProbe.probe(connection, image, inspected, run, cache);
            return new PreparedImage(facts.withPackages(ImagePackagesProbe.probe(connection, image, inspected.getId(), run, cache))
                    .withPreparation(prepared.preparation()), ImageConfigs.of(inspected.getConfig()));
        }

        @Override
        public Optional<String> notAnswering(Duration deadline) {
            try {
                HostConnector.ping(connection, deadline);
                return Optional.empty();
            } catch (HostConnector.HostUnreachable e) {
                return Optional.of(e.getMessage());
            }
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    private record Unreachable(HostSpec host, String why) implements HostSession {

        @Override
        public HostFacts facts() {
            return HostFacts.unreachable(host.name(), host.endpoint().toString(), "host " + why);
        }

        @Override
        public DockerClient client() {
            throw new IllegalStateException("host " + host.name() + " is unreachable");
        }

        @Override
        public String endpoint() {
            return host.endpoint().uri();
        }

        @Override
        public Path tlsCertDir() {
            return host.endpoint().tlsCertDir();
        }

        @Override
        public ImageFacts prepareImage(ImageSpec image, RunContext run) {
            return ImageFacts.missing(image.name(), host.name(), image.reference(), "host " + host.name() + " is unreachable");
        }

        @Override
        public Optional<String> notAnswering(Duration deadline) {
            return Optional.of("host " + why);
        }

        @Override
        public void close() {
        }
    }
}
