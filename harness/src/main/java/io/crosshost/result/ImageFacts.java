package io.crosshost.result;

import io.crosshost.pinpoint.PackageInventory;

/**
 * What an image is on one host, read once per run: its id and digest there, and what is inside it.
 * Fields the image does not have (no libselinux, no os-release) are null. {@code packages} is the image's package
 * inventory (pinpoint's record: plain data, no Docker), null when it could not be read; the reports write it as the
 * image's SBOM, and a diff compares two runs' inventories of an image whose digest changed. {@code preparation} is
 * what making the image ready on the host did (pulled, present, loaded), null when it is not known: an image that
 * could not be made ready, or facts read from a results.json written before it was kept.
 */
public record ImageFacts(String image, String host, String reference, String imageId, String digest,
                         String osRelease, String libc, String libcVersion, String libselinuxVersion,
                         String packageManager, String error, PackageInventory packages, ImagePreparation preparation) {

    /** Facts without a preparation: the constructor from before {@code preparation} existed. */
    public ImageFacts(String image, String host, String reference, String imageId, String digest,
                      String osRelease, String libc, String libcVersion, String libselinuxVersion,
                      String packageManager, String error, PackageInventory packages) {
        this(image, host, reference, imageId, digest, osRelease, libc, libcVersion, libselinuxVersion, packageManager,
                error, packages, null);
    }

    /** Facts without an inventory: the constructor from before {@code packages} existed. */
    public ImageFacts(String image, String host, String reference, String imageId, String digest,
                      String osRelease, String libc, String libcVersion, String libselinuxVersion,
                      String packageManager, String error) {
        this(image, host, reference, imageId, digest, osRelease, libc, libcVersion, libselinuxVersion, packageManager,
                error, null);
    }

    public static ImageFacts missing(String image, String host, String reference, String error) {
        return new ImageFacts(image, host, reference, null, null, null, null, null, null, null, error);
    }

    /** These facts with {@code inventory} (null: none was read). */
    public ImageFacts withPackages(PackageInventory inventory) {
        return new ImageFacts(image, host, reference, imageId, digest, osRelease, libc, libcVersion, libselinuxVersion,
                packageManager, error, inventory, preparation);
    }

    /** These facts with what preparing the image did (null: not known). */
    public ImageFacts withPreparation(ImagePreparation prepared) {
        return new ImageFacts(image, host, reference, imageId, digest, osRelease, libc, libcVersion, libselinuxVersion,
                packageManager, error, packages, prepared);
    }
}
