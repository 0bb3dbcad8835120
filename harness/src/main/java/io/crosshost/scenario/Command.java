package io.crosshost.scenario;

import java.util.List;

/**
 * What a step runs: either a shell string (run with {@code sh -c}) or an argv list run as is.
 * Exactly one of the two is set. An empty argv is {@link #none()}: nothing runs.
 */
public record Command(String shell, List<String> argv) {

    public Command {
        if ((shell == null) == (argv == null)) {
            throw new IllegalArgumentException("a command is either a shell string or an argv list");
        }
        argv = argv == null ? null : List.copyOf(argv);
    }

    public static Command shell(String script) {
        return new Command(script, null);
    }

    public static Command argv(List<String> argv) {
        return new Command(null, argv);
    }

    /**
     * Nothing: the container is created and never started, and the step's files and image configuration are read from
     * it. What container-structure-test does for its file, metadata and license tests, so they hold for images
     * without a shell or any program that could run.
     */
    public static Command none() {
        return new Command(null, List.of());
    }

    public boolean isNone() {
        return argv != null && argv.isEmpty();
    }

    /** The argv handed to the container runtime. */
    public List<String> toArgv() {
        return shell != null ? List.of("sh", "-c", shell) : argv;
    }

    /** How a person would type it. */
    public String display() {
        if (isNone()) {
            return "(nothing run: the files and the image configuration are read from a created container)";
        }
        return shell != null ? shell : String.join(" ", argv);
    }
}
