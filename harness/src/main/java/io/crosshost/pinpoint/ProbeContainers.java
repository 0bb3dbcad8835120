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

    /** What a probe container printed. */
    record ProbeOutput(int exitCode, String stdout, String stderr) {
        public ProbeOutput {
            stdout = stdout == null ? "" : stdout;
            stderr = stderr == null ? "" : stderr;
        }
    }
}
