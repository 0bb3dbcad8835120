package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.container.ContainerSpec;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command in a running container as an exec, with the spec's user, workdir and env (what an exec can
 * set; the rest is the container's, fixed at create), within a timeout.
 */
final class StepExec {

    private final DockerClient client;

    StepExec(DockerClient client) {
        this.client = client;
    }

    /** An exec's end: its exit code, or null with {@code timedOut} when it ran out of time. */
    record Ended(Integer exitCode, boolean timedOut) {
    }

    Ended run(String containerId, ContainerSpec spec, java.util.List<String> argv, OutputCollector output, Duration timeout)
            throws InterruptedException {
        var create = client.execCreateCmd(containerId).withCmd(argv.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true)
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        if (spec.user() != null) {
            create.withUser(spec.user());
        }
        if (spec.workdir() != null) {
            create.withWorkingDir(spec.workdir());
        }
        String execId = create.exec().getId();
        client.execStartCmd(execId).exec(output);
        if (!output.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return new Ended(null, true);
        }
        Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
        return new Ended(code == null ? null : code.intValue(), false);
    }
}
