package io.crosshost.report;

import io.crosshost.report.RunDiff.FactChange;
import io.crosshost.result.ImageFacts;

import java.util.ArrayList;
import java.util.List;

/** Which facts of each image, host by host, differ between two runs: its digest, id, os-release and C library. */
final class ImageChanges {

    static final String DIGEST = "digest";

    private static final FactTable<ImageFacts> FACTS = new FactTable<ImageFacts>()
            .with(DIGEST, ImageFacts::digest)
            .with("reference", ImageFacts::reference)
            .with("imageId", ImageFacts::imageId)
            .with("osRelease", ImageFacts::osRelease)
            .with("libc", ImageFacts::libc)
            .with("libcVersion", ImageFacts::libcVersion)
            .with("libselinuxVersion", ImageFacts::libselinuxVersion)
            .with("packageManager", ImageFacts::packageManager);

    private ImageChanges() {
    }

    /** The changed facts of every image (per host) of the current run that the baseline had too. */
    static List<FactChange> between(RunResults baseline, RunResults current) {
        List<FactChange> changes = new ArrayList<>();
        for (ImageFacts now : current.images()) {
            baseline.image(now.image(), now.host()).ifPresent(was -> changes.addAll(of(was, now, true)));
        }
        return changes;
    }

    /**
     * The facts of one image on one host that differ; none when it could not be looked at on either side (nothing
     * was seen to compare). {@code withDigest}: false when the caller compares the digests its cells ran against.
     */
    static List<FactChange> of(ImageFacts was, ImageFacts now, boolean withDigest) {
        if (was.error() != null || now.error() != null) {
            return List.of();
        }
        return FACTS.changes(subject(now.image(), now.host()), was, now).stream()
                .filter(f -> withDigest || !f.fact().equals(DIGEST)).toList();
    }

    /** "image debian-13 on docker". */
    static String subject(String image, String host) {
        return "image " + image + " on " + host;
    }
}
