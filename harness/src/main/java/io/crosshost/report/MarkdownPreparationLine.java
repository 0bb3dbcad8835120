package io.crosshost.report;

import io.crosshost.result.ImageFacts;
import io.crosshost.result.ImagePreparation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * summary.md's one line on what making the images ready did (issue 15): "Images: 3 pulls (1 up to date), 12.4 MB, the
 * longest 2.1 s · 9 present · 2 loaded from archives, 130.2 MB". A pull that downloaded nothing found every layer on the
 * host: up to date. Pulls run on the hosts in parallel, so the longest says more than a sum of their times. Empty when no image says (a run from before preparations were kept).
 */
final class MarkdownPreparationLine {

    private MarkdownPreparationLine() {
    }

    static Optional<String> of(List<ImageFacts> images) {
        int pulls = 0;
        int upToDate = 0;
        int present = 0;
        int loads = 0;
        int notPulled = 0;
        long pulledBytes = 0;
        long loadedBytes = 0;
        Duration longestPull = Duration.ZERO;
        for (ImageFacts image : images) {
            ImagePreparation p = image.preparation();
            if (p == null) {
                continue;
            }
            switch (p.action()) {
                case PULLED -> {
                    pulls++;
                    upToDate += p.bytes() == 0 ? 1 : 0;
                    pulledBytes += p.bytes();
                    if (p.took() != null && p.took().compareTo(longestPull) > 0) {
                        longestPull = p.took();
                    }
                }
                case PRESENT -> present++;
                case LOADED -> {
                    loads++;
                    loadedBytes += p.bytes();
                }
                case NOT_PULLED -> notPulled++;
            }
        }
        List<String> parts = new ArrayList<>();
        if (pulls > 0) {
            // Every pull up to date downloads nothing: "0.0 kB" would read like a measurement of something.
            String downloaded = pulledBytes == 0 ? "nothing downloaded" : size(pulledBytes);
            parts.add(count(pulls, "pull") + (upToDate > 0 ? " (" + upToDate + " up to date)" : "") + ", " + downloaded
                    + (pulls > 1 ? ", the longest " : " in ") + seconds(longestPull));
        }
        if (present > 0) {
            parts.add(present + " present");
        }
        if (loads > 0) {
            parts.add(loads + (loads == 1 ? " loaded from an archive, " : " loaded from archives, ") + size(loadedBytes));
        }
        if (notPulled > 0) {
            parts.add(notPulled + " not pulled (pull: never)");
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of("Images: " + String.join(" · ", parts));
    }

    /** Decimal kB and MB, as the terminal's pull line and the page write them. */
    static String size(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
