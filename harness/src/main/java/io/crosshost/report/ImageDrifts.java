package io.crosshost.report;

import io.crosshost.pinpoint.PackageDiff;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.report.RunDiff.ImageDrift;
import io.crosshost.result.ImageFacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which images moved under the cells between two runs (their digest or id changed), and each one's package changes:
 * pinpoint's {@link PackageDiff}, by the manager's own version order.
 */
final class ImageDrifts {

    private ImageDrifts() {
    }

    /** Every moved image, once: one image moved the same way on every host (one registry, one tag) is one drift. */
    static List<ImageDrift> between(RunResults baseline, RunResults current) {
        Map<String, List<ImageFacts[]>> moves = new LinkedHashMap<>();
        for (ImageFacts now : current.images()) {
            ImageFacts was = baseline.image(now.image(), now.host()).orElse(null);
            if (was != null && was.error() == null && now.error() == null && moved(was, now)) {
                moves.computeIfAbsent(now.image() + "\n" + was.imageId() + "\n" + now.imageId(), k -> new ArrayList<>())
                        .add(new ImageFacts[] {was, now});
            }
        }
        List<ImageDrift> drifts = new ArrayList<>();
        for (List<ImageFacts[]> pairs : moves.values()) {
            List<String> hosts = pairs.stream().map(p -> p[1].host()).toList();
            drifts.add(drift(pairs.get(0)[0], pairs.get(0)[1], hosts));
        }
        return drifts;
    }

    /** An image moved when what it is changed: its digest, or its id (an imported image's digest is its id). */
    private static boolean moved(ImageFacts was, ImageFacts now) {
        boolean digest = was.digest() != null && now.digest() != null && !was.digest().equals(now.digest());
        boolean id = was.imageId() != null && now.imageId() != null && !was.imageId().equals(now.imageId());
        return digest || id;
    }

    private static ImageDrift drift(ImageFacts was, ImageFacts now, List<String> hosts) {
        PackageInventory before = was.packages();
        PackageInventory after = now.packages();
        PackageDiff packages = null;
        String note = null;
        if (before == null || after == null) {
            note = "the packages of the " + (before == null ? "baseline's" : "current") + " image were not read: no package changes to show";
        } else if (before.manager() != after.manager()) {
            // Another distribution altogether: every package is new, none compares by version.
            note = "the package manager changed from " + before.manager() + " to " + after.manager();
            packages = new PackageDiff(after.packages(), before.packages(), List.of(), List.of());
        } else {
            packages = PackageDiff.between(before, after);
        }
        return new ImageDrift(now.image(), hosts, was.digest(), now.digest(), was.imageId(), now.imageId(), packages, note);
    }
}
