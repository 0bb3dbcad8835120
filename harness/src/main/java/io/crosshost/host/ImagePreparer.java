package io.crosshost.host;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.LoadImageCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.result.ImagePreparation;
import io.crosshost.result.PullProgress;
import io.crosshost.runtime.EngineMessages;
import io.crosshost.scenario.DurationText;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Makes sure an image is on a host before its cells run: inspected once, loaded from its archive when the matrix gives
 * one and the host lacks it, otherwise pulled only when the policy allows, with
 * the credentials of the image's registry, within the pull deadline, its progress told as it goes; what it did (pulled,
 * with the pull's own figures; present; loaded) goes with the image into the reports. A pull that fails is one line
 * naming the image, the host, the registry and the engine's words (which quote the registry's).
 */
final class ImagePreparer {

    private ImagePreparer() {
    }

    /** The image as the host has it, and what getting it there did. */
    record Prepared(InspectImageResponse inspected, ImagePreparation preparation) {
    }

    /** The image as the host has it, or an {@link ImageMissing} saying why it is not there. */
    static Prepared prepare(HostConnection host, ImageSpec image, HostSettings settings, Consumer<PullProgress> pulls) {
        String ref = image.reference();
        if (image.pull() != ImageSpec.PullPolicy.ALWAYS) {
            try {
                InspectImageResponse there = host.client().inspectImageCmd(ref).exec();
                return new Prepared(there, image.pull() == ImageSpec.PullPolicy.NEVER ? ImagePreparation.notPulled() : ImagePreparation.present());
            } catch (NotFoundException e) {
                if (image.archive() != null) {
                    return load(host, image, settings.pullDeadline());
                }
                if (image.pull() == ImageSpec.PullPolicy.NEVER) {
                    throw new ImageMissing("image " + ref + " is not on host " + host.spec().name() + " and the matrix says pull: never");
                }
            } catch (RuntimeException e) {
                throw new ImageMissing("could not inspect image " + ref + " on host " + host.spec().name() + ": " + EngineMessages.of(e));
            }
        }
        return pull(host, image, settings, pulls);
    }

    private static Prepared pull(HostConnection host, ImageSpec image, HostSettings settings, Consumer<PullProgress> pulls) {
        String ref = image.reference();
        String registry = RegistryCredentials.registryOf(ref);
        String what = ref + " on host " + host.spec().name() + " from registry " + registry;
        PullStream stream = new PullStream(image.name(), host.spec().name(), ref, registry, pulls);
        try {
            InspectImageResponse pulled = pullWithin(host, image, settings, stream, what);
            PullProgress done = stream.snapshot(true, registryDigest(pulled, ref), null);
            pulls.accept(done);
            // The figures the terminal's pull line shows, kept for the reports.
            return new Prepared(pulled, ImagePreparation.pulled(done));
        } catch (ImageMissing e) {
            pulls.accept(stream.snapshot(true, null, e.getMessage()));
            throw e;
        }
    }

    private static InspectImageResponse pullWithin(HostConnection host, ImageSpec image, HostSettings settings, PullStream stream,
                                                   String what) {
        var pull = host.client().pullImageCmd(image.reference());
        if (image.platform() != null) {
            pull.withPlatform(image.platform());
        }
        settings.credentials().forImage(image.reference()).ifPresent(pull::withAuthConfig);
        Duration deadline = settings.pullDeadline();
        try {
            pull.exec(stream);
            if (!stream.awaitCompletion(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ImageMissing("pulling " + what + " did not end within " + DurationText.of(deadline)
                        + " (the setting crosshost.pullDeadline)" + stream.lastStatus().map(s -> "; the engine's last word: " + s).orElse(""));
            }
            var failed = stream.error();
            if (failed.isPresent()) {
                throw new ImageMissing("could not pull " + what + ": " + EngineMessages.ofText(failed.get()));
            }
            return host.client().inspectImageCmd(image.reference()).exec();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageMissing("interrupted while pulling " + what);
        } catch (ImageMissing e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ImageMissing("could not pull " + what + ": " + EngineMessages.of(e));
        } finally {
            // A pull cut short by the deadline or a stop still holds its stream (and the engine's pull) open.
            try {
                stream.close();
            } catch (IOException ignored) {
                // the stream is gone already
            }
        }
    }

    /**
     * The registry's manifest digest of the image's repository ({@code RepoDigests}, "repo@sha256:..."), or null when
     * the host never pulled nor pushed it from there. Docker names Docker Hub's images short ("fedora@..."), Podman
     * long ("docker.io/library/fedora@..."): both are the same repository.
     */
    static String registryDigest(InspectImageResponse inspected, String reference) {
        List<String> digests = inspected.getRepoDigests();
        if (digests == null) {
            return null;
        }
        String repository = repositoryOf(reference);
        return digests.stream().filter(d -> d.contains("@") && repositoryOf(d.substring(0, d.indexOf('@'))).equals(repository))
                .map(d -> d.substring(d.indexOf('@') + 1)).findFirst().orElse(null);
    }

    /** "registry:5000/lab/debian" for "registry:5000/lab/debian:12"; "docker.io/library/fedora" for "fedora:40". */
    static String repositoryOf(String reference) {
        String name = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        String first = name.contains("/") ? name.substring(0, name.indexOf('/')) : "";
        boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (hasRegistry) {
            return name;
        }
        return "docker.io/" + (name.contains("/") ? name : "library/" + name);
    }

    /**
     * Loads the image's archive into the host ({@code POST /images/load}, Docker and Podman alike). A host that cannot
     * store it says why: Podman fails the request with its own message, Docker answers 200 with an error in the
     * stream, which {@link LoadImageCallback} raises.
     */
    private static Prepared load(HostConnection host, ImageSpec image, Duration deadline) {
        long start = System.nanoTime();
        String where = "image " + image.reference() + " is not on host " + host.spec().name();
        if (!Files.isRegularFile(image.archive())) {
            throw new ImageMissing(where + " and its archive " + image.archive() + " does not exist (the lab writes it: harness/lab/lab.sh up)");
        }
        try (InputStream tar = Files.newInputStream(image.archive())) {
            long size = Files.size(image.archive());
            LoadImageCallback loading = host.client().loadImageAsyncCmd(tar).exec(new LoadImageCallback());
            if (!loading.awaitCompletion(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ImageMissing("loading " + image.archive() + " into host " + host.spec().name() + " took more than "
                        + DurationText.of(deadline) + " (the setting crosshost.pullDeadline)");
            }
            // Completed: this returns at once, and raises the error Docker put in the stream ("Could not load image: ...").
            loading.awaitMessage();
            InspectImageResponse loaded = host.client().inspectImageCmd(image.reference()).exec();
            return new Prepared(loaded, ImagePreparation.loaded(image.archive().toString(), size,
                    Duration.ofNanos(System.nanoTime() - start)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageMissing("interrupted while loading " + image.reference() + " into host " + host.spec().name());
        } catch (IOException e) {
            throw new ImageMissing(where + " and its archive " + image.archive() + " could not be read: " + e.getMessage());
        } catch (NotFoundException e) {
            throw new ImageMissing(where + ": the host loaded " + image.archive() + " but it holds no image named so");
        } catch (RuntimeException e) {
            throw new ImageMissing(where + " and the host could not load its archive " + image.archive() + ": "
                    + dockerArchiveWords(EngineMessages.of(e)));
        }
    }

    /**
     * Podman tries every archive format it knows and lists why each failed ("payload does not match any of the
     * supported image formats: * oci: ... * docker-archive: ... * dir: ..."); for a docker save tarball only the
     * docker-archive line is the answer, in Podman's own words. Any other message is kept whole.
     */
    static String dockerArchiveWords(String message) {
        return message.lines().map(String::strip).filter(l -> l.startsWith("* docker-archive: "))
                .findFirst().map(l -> "failed to load image as docker-archive: " + l.substring("* docker-archive: ".length()))
                .orElse(message);
    }

    static final class ImageMissing extends RuntimeException {
        ImageMissing(String message) {
            super(message, null, false, false);
        }
    }
}
