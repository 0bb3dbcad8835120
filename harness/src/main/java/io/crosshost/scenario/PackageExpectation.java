package io.crosshost.scenario;

import java.util.List;

/**
 * A package of the image's package manager (dpkg, rpm or apk, whichever the image has), read after the step: installed
 * or not, and, when {@code versions} is not empty, each of these versions among those installed (one name can be
 * installed in several versions: multiarch, install-only rpm packages).
 */
public record PackageExpectation(String name, boolean installed, List<String> versions) {

    public PackageExpectation {
        versions = List.copyOf(versions);
    }
}
