package io.crosshost.host;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.LoadImageCallback;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.runtime.EngineMessages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure an image is on a host before its cells run: inspected once, loaded from its archive when the matrix gives
 * one, otherwise pulled when the policy allows.
 */
final class ImagePreparer {

    private static final long PULL_TIMEOUT_MINUTES = 15;

    private ImagePreparer() {
    }

    /** The image as the host has it, or an {@link ImageMissing} saying why it is not there. */
    static InspectImageResponse prepare(HostConnection host, ImageSpec image) {
        String ref = image.reference();
        if (image.pull() != ImageSpec.PullPolicy.ALWAYS) {
            try {
                return host.client().inspectImageCmd(ref).exec();
            } catch (NotFoundException e) {
                if (image.archive() != null) {
                    return load(host, image);
                }
                if (image.pull() == ImageSpec.PullPolicy.NEVER) {
                    throw new ImageMissing("image " + ref + " is not on host " + host.spec().name() + " and the matrix says pull: never");
                }
            } catch (RuntimeException e) {
                throw new ImageMissing("could not inspect image " + ref + " on host " + host.spec().name() + ": " + EngineMessages.of(e));
            }
        }
        try {
            var pull = host.client().pullImageCmd(ref);
            if (image.platform() != null) {
                pull.withPlatform(image.platform());
            }
            if (!pull.exec(new PullImageResultCallback()).awaitCompletion(PULL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new ImageMissing("pulling " + ref + " on host " + host.spec().name() + " took more than " + PULL_TIMEOUT_MINUTES + " minutes");
            }
            return host.client().inspectImageCmd(ref).exec();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageMissing("interrupted while pulling " + ref + " on host " + host.spec().name());
        } catch (RuntimeException e) {
            throw new ImageMissing("could not pull " + ref + " on host " + host.spec().name() + ": " + EngineMessages.of(e));
        }
    }

    /**
     * Loads the image's archive into the host ({@code POST /images/load}, Docker and Podman alike). A host that cannot
     * store it says why: Podman fails the request with its own message, Docker answers 200 with an error in the
     * stream, which {@link LoadImageCallback} raises.
     */
    private static InspectImageResponse load(HostConnection host, ImageSpec image) {
        String where = "image " + image.reference() + " is not on host " + host.spec().name();
        if (!Files.isRegularFile(image.archive())) {
            throw new ImageMissing(where + " and its archive " + image.archive() + " does not exist (the lab writes it: harness/lab/lab.sh up)");
        }
        try (InputStream tar = Files.newInputStream(image.archive())) {
            LoadImageCallback loading = host.client().loadImageAsyncCmd(tar).exec(new LoadImageCallback());
            if (!loading.awaitCompletion(PULL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new ImageMissing("loading " + image.archive() + " into host " + host.spec().name() + " took more than "
                        + PULL_TIMEOUT_MINUTES + " minutes");
            }
            // Completed: this returns at once, and raises the error Docker put in the stream ("Could not load image: ...").
            loading.awaitMessage();
            return host.client().inspectImageCmd(image.reference()).exec();
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
