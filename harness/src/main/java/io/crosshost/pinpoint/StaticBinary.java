package io.crosshost.pinpoint;

/**
 * An executable of an image that no package manager owns and that needs no dynamic loader (busybox's one binary):
 * what an image without dpkg, rpm or apk is made of. {@code version} is empty when the binary does not say it.
 */
public record StaticBinary(String path, String version) {

    /** The file's own name, "busybox" for /bin/busybox: what an SBOM names the component. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
