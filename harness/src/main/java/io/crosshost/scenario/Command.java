package io.crosshost.scenario;

import java.util.List;

/**
 * What a step runs: either a shell string (run with {@code sh -c}) or an argv list run as is.
 * Exactly one of the two is set.
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

    /** The argv handed to the container runtime. */
    public List<String> toArgv() {
        return shell != null ? List.of("sh", "-c", shell) : argv;
    }

    /** How a person would type it. */
    public String display() {
        return shell != null ? shell : String.join(" ", argv);
    }
}
