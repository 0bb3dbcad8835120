package io.crosshost.result;

/**
 * What an image is on one host, read once per run: its id and digest there, and what is inside it.
 * Fields the image does not have (no libselinux, no os-release) are null.
 */
public record ImageFacts(String image, String host, String reference, String imageId, String digest,
                         String osRelease, String libc, String libcVersion, String libselinuxVersion,
                         String packageManager, String error) {

    public static ImageFacts missing(String image, String host, String reference, String error) {
        return new ImageFacts(image, host, reference, null, null, null, null, null, null, null, error);
    }
}
