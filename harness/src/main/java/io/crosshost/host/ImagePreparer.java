package io.crosshost.host;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.runtime.EngineMessages;

import java.util.concurrent.TimeUnit;

/** Makes sure an image is on a host before its cells run: inspected once, pulled only when the policy allows. */
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

    static final class ImageMissing extends RuntimeException {
        ImageMissing(String message) {
            super(message, null, false, false);
        }
    }
}
