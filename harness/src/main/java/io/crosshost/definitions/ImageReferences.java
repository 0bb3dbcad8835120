package io.crosshost.definitions;

import org.testcontainers.utility.DockerImageName;

import java.util.regex.Pattern;

/** Checks an image reference the way the engines will read it, so a typo fails at load time, not in every cell. */
final class ImageReferences {

    // The distribution spec's tag grammar. DockerImageName alone reads "debian:12:13" as "debian:12" without a word.
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private ImageReferences() {
    }

    /** Why the reference is invalid, or null when it is fine. */
    static String problem(String reference) {
        if (reference.isBlank() || !reference.strip().equals(reference)) {
            return "invalid image reference " + Problem.quote(reference) + ": it is empty or has blanks around it";
        }
        try {
            DockerImageName.parse(reference).assertValid();
        } catch (RuntimeException e) {
            // Testcontainers says IllegalArgumentException, but a trailing ':' gets an index error out of it.
            String why = e instanceof IllegalArgumentException && e.getMessage() != null ? e.getMessage() : "it cannot be parsed";
            return "invalid image reference " + Problem.quote(reference) + ": " + why;
        }
        String withoutDigest = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        String lastPart = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
        int colon = lastPart.indexOf(':');
        if (colon >= 0 && !TAG.matcher(lastPart.substring(colon + 1)).matches()) {
            return "invalid image reference " + Problem.quote(reference) + ": the tag "
                    + Problem.quote(lastPart.substring(colon + 1)) + " is not a tag (letters, digits, '_', '.', '-', at most 128)";
        }
        return null;
    }
}
