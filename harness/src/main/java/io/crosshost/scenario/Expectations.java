package io.crosshost.scenario;

import java.util.List;
import java.util.Set;

/**
 * What a step must do to pass. The default expects exit code 0 and nothing else. An empty {@code exitCodes} checks
 * no exit code: a step that runs nothing (see {@link Command#none()}) has none.
 */
public record Expectations(Set<Integer> exitCodes, TextExpectation stdout, TextExpectation stderr,
                           List<FileExpectation> files, ImageExpectation image, List<PackageExpectation> packages) {

    public static final Expectations DEFAULT = new Expectations(Set.of(0), TextExpectation.NONE, TextExpectation.NONE, List.of());

    public Expectations {
        exitCodes = Set.copyOf(exitCodes);
        files = List.copyOf(files);
        image = image == null ? ImageExpectation.NONE : image;
        packages = List.copyOf(packages);
    }

    /** Exit code, streams and files only. */
    public Expectations(Set<Integer> exitCodes, TextExpectation stdout, TextExpectation stderr, List<FileExpectation> files) {
        this(exitCodes, stdout, stderr, files, ImageExpectation.NONE, List.of());
    }
}
