package io.crosshost.assertion;

import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.pinpoint.ProbeReading;

import java.util.Map;
import java.util.Optional;

/**
 * What a step did, as far as expectations look at it. {@code exitCode} is null when the step never finished (or ran
 * nothing); {@code files} maps each path an expectation names to its facts, or empty when the path is absent;
 * {@code image} is the image's configuration on the host, null when no expectation asks for it; {@code packages}
 * the image's package inventory after the step, or why it could not be read, null when nothing asks for it.
 */
public record Observed(Integer exitCode, boolean timedOut, String timeoutText, String stdout, String stderr,
                       Map<String, Optional<FileFacts>> files, ImageConfig image, ProbeReading<PackageInventory> packages) {

    public Observed {
        files = Map.copyOf(files);
    }

    public Observed(Integer exitCode, boolean timedOut, String timeoutText, String stdout, String stderr,
                    Map<String, Optional<FileFacts>> files) {
        this(exitCode, timedOut, timeoutText, stdout, stderr, files, null, null);
    }
}
