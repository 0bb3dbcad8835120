package io.crosshost.report;

import io.crosshost.result.ImageFacts;

/**
 * Where a run keeps its SBOMs: {@code sbom/<image>-<12 hex of the image id>.cdx.json} in the run directory, one file
 * per image name and image id, so an image imported or pulled on three hosts with one id has one file, and one whose
 * id differs between hosts has one per id.
 */
final class SbomFiles {

    static final String DIR = "sbom";

    private SbomFiles() {
    }

    /** The SBOM's path relative to the run directory, as results.json and the page link it. */
    static String relativePath(ImageFacts facts) {
        String id = facts.imageId() == null ? "unknown" : facts.imageId().replaceFirst("^sha256:", "");
        return DIR + "/" + safe(facts.image()) + "-" + id.substring(0, Math.min(12, id.length())) + ".cdx.json";
    }

    /** An image name is the matrix's (letters, digits, '.', '-', '_'); anything else would be a path. */
    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
