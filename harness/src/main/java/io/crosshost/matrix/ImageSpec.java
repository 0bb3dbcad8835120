package io.crosshost.matrix;

import java.nio.file.Path;
import java.util.Map;

/**
 * An image of a matrix: its name in the grid and the reference the engines know it by. {@code archive}, when not
 * null, is a {@code docker save} tarball that the harness loads into a host that lacks the image, before any pull:
 * a host that cannot store the image then answers in its own words (rootless Podman: "potentially insufficient UIDs
 * or GIDs available in user namespace"), which the cell's result carries.
 */
public record ImageSpec(String name, String reference, String platform, PullPolicy pull, Map<String, String> labels,
                        Path archive) {

    public ImageSpec {
        labels = Map.copyOf(labels);
        pull = pull == null ? PullPolicy.MISSING : pull;
    }

    /** An image that is pulled (or found on the host), never loaded from an archive. */
    public ImageSpec(String name, String reference, String platform, PullPolicy pull, Map<String, String> labels) {
        this(name, reference, platform, pull, labels, null);
    }

    /** When an image is pulled before the run: never (local images such as the lab's), when missing, always. */
    public enum PullPolicy { NEVER, MISSING, ALWAYS }
}
