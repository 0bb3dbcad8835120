package io.crosshost.pinpoint;

import java.util.Objects;

/** What a probe learned from one container: a value, or why the probe cannot run on that image. */
public sealed interface ProbeReading<T> {

    record Read<T>(T value) implements ProbeReading<T> {
        public Read {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code why} is a sentence for a person: what was missing, and which images can run the probe. */
    record CannotRun<T>(String why) implements ProbeReading<T> {
        public CannotRun {
            Objects.requireNonNull(why, "why");
        }
    }

    /** The engine could not start the executable (docker run's exit 127), as busybox without perl answers. */
    static boolean executableMissing(ProbeContainers.ProbeOutput output) {
        return output.exitCode() == 127 || output.exitCode() == 126
                || output.stderr().contains("executable file not found") || output.stderr().contains("not found in $PATH");
    }
}
