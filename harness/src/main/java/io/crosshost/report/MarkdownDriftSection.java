package io.crosshost.report;

import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.result.ImageFacts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.crosshost.report.MarkdownSummaryWriter.code;
import static io.crosshost.report.MarkdownSummaryWriter.escape;

/**
 * summary.md's parts about packages: each image's package count and its SBOM, and, with a baseline, what moved under
 * the cells (each moved image's package changes, folded, as a hundred lines would bury the regressions above).
 */
final class MarkdownDriftSection {

    private MarkdownDriftSection() {
    }

    /** "## Packages": one line per SBOM (image name and id), with the hosts it was read on. */
    static void packages(RunResults results, StringBuilder md) {
        Map<String, List<ImageFacts>> byFile = new LinkedHashMap<>();
        int unread = 0;
        for (ImageFacts i : results.images()) {
            if (i.packages() != null) {
                byFile.computeIfAbsent(SbomFiles.relativePath(i), f -> new java.util.ArrayList<>()).add(i);
            } else if (i.error() == null) {
                unread++;
            }
        }
        if (byFile.isEmpty() && unread == 0) {
            return;
        }
        md.append("## Packages\n\n");
        byFile.forEach((file, images) -> {
            ImageFacts first = images.get(0);
            PackageInventory inv = first.packages();
            md.append("- ").append(code(first.image())).append(" on ")
                    .append(escape(String.join(", ", images.stream().map(ImageFacts::host).toList()))).append(": ");
            if (inv.manager() == io.crosshost.pinpoint.PackageManager.NONE) {
                md.append("no package manager, ").append(inv.staticBinaries().size()).append(" static binaries");
            } else {
                md.append(inv.packages().size()).append(' ').append(inv.manager().name().toLowerCase(Locale.ROOT)).append(" packages");
            }
            md.append(" — [").append(escape(file)).append("](").append(file).append(")\n");
        });
        if (unread > 0) {
            md.append("- ").append(unread).append(" image").append(unread == 1 ? "" : "s")
                    .append(" whose packages could not be read\n");
        }
        md.append('\n');
    }

    /** The likely causes of one regressed cell, as sub-items. */
    static void causes(RunDiff.CellChange change, StringBuilder md) {
        List<RunDiff.LikelyCause> causes = change.likelyCauses();
        if (causes.isEmpty()) {
            return;
        }
        md.append("  - likely causes, most likely first:\n");
        int n = 0;
        for (RunDiff.LikelyCause c : causes.subList(0, Math.min(DriftText.CAUSES_SHOWN, causes.size()))) {
            md.append("    ").append(++n).append(". ").append(escape(DriftText.cause(c))).append('\n');
        }
    }

    /** "### What moved under the cells": per moved image its counts, and the package lines folded. */
    static void drift(RunDiff diff, StringBuilder md) {
        if (diff.imageDrifts().isEmpty()) {
            return;
        }
        md.append("\n### What moved under the cells\n\n");
        for (RunDiff.ImageDrift d : diff.imageDrifts()) {
            md.append("- ").append(escape(DriftText.heading(d))).append(" — ").append(escape(DriftText.counts(d))).append('\n');
            List<String> lines = DriftText.packageLines(d);
            if (!lines.isEmpty()) {
                md.append("  <details><summary>the ").append(lines.size()).append(" package changes</summary>\n\n");
                lines.forEach(l -> md.append("  - ").append(escape(l.replaceAll(" +", " "))).append('\n'));
                md.append("\n  </details>\n");
            }
        }
    }
}
