package io.crosshost.pinpoint;

import java.util.List;

/**
 * Runs one short probe container: the lead's runtime binds it to a host and an image and renders the command and
 * the security options into its container spec (network none, labelled, removed afterwards, also on Ctrl-C).
 */
@FunctionalInterface
public interface ProbeContainers {

    /**
     * Runs {@code command} (no shell) with these extra {@code --security-opt} values, e.g. {@code seccomp=unconfined}
     * or {@code seccomp=<json>}, and the extra capabilities {@code capAdd} (names without CAP_). When the engine
     * refuses to start the container (no such executable), the engine's message goes in {@link ProbeOutput#stderr}
     * with exit code 127, the way the docker CLI reports it.
     */
    ProbeOutput run(List<String> command, List<String> securityOpts, List<String> capAdd) throws InterruptedException;

    /**
     * What a probe container printed: the one record of it, from the runtime's probe runner to the readers here.
     * {@code timedOut}: the probe gave no exit code, as it ran out of time and was killed (or the engine reported
     * none); its {@code exitCode} is then {@link #TIMED_OUT}, as timeout(1) says it, so that a reader needs no case
     * of its own, and a caller that keeps answers keeps none of these.
     */
    record ProbeOutput(int exitCode, String stdout, String stderr, boolean timedOut) {

        /** The exit code timeout(1) gives a command it killed; a probe out of time has it too. */
        public static final int TIMED_OUT = 124;

        public ProbeOutput {
            stdout = stdout == null ? "" : stdout;
            stderr = stderr == null ? "" : stderr;
        }

        /** A probe that ran to its end. */
        public ProbeOutput(int exitCode, String stdout, String stderr) {
            this(exitCode, stdout, stderr, false);
        }

        /** A probe that gave no exit code, with what it printed until then. */
        public static ProbeOutput timedOut(String stdout, String stderr) {
            return new ProbeOutput(TIMED_OUT, stdout, stderr, true);
        }

        /** Ran to its end and exited 0. */
        public boolean ok() {
            return !timedOut && exitCode == 0;
        }
    }
}
