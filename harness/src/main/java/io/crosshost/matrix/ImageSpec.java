package io.crosshost.matrix;

import java.util.Map;

/** An image of a matrix: its name in the grid and the reference the engines know it by. */
public record ImageSpec(String name, String reference, String platform, PullPolicy pull, Map<String, String> labels) {

    public ImageSpec {
        labels = Map.copyOf(labels);
        pull = pull == null ? PullPolicy.MISSING : pull;
    }

    /** When an image is pulled before the run: never (local images such as the lab's), when missing, always. */
    public enum PullPolicy { NEVER, MISSING, ALWAYS }
}
