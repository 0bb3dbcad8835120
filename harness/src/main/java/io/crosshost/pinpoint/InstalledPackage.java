package io.crosshost.pinpoint;

/** One installed package; {@code source} is its source package (glibc for libc6), or the name when unknown. */
public record InstalledPackage(String name, String version, String arch, String source) {

    /** "libc6 2.36-9+deb12u14" as a person reads it. */
    public String label() {
        return name + " " + version;
    }
}
