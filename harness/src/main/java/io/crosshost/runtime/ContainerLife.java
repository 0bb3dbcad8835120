package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.crosshost.container.ContainerSpec;
import io.crosshost.scenario.DurationText;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One container's life on one host: created from its {@link ContainerSpec}, attached to, started, its main process
 * awaited within a deadline, killed when out of time. Removal is the caller's ({@link ContainerRemover}), since it
 * can happen off the cell's critical path.
 */
final class ContainerLife {

    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient client;
    private final String hostName;

    ContainerLife(DockerClient client, String hostName) {
        this.client = client;
        this.hostName = hostName;
    }

    String hostName() {
        return hostName;
    }

    /** Creates the container; nothing runs yet. */
    String create(ContainerSpec spec) throws CellCouldNotRun {
        try {
            return CreateRequest.of(client, spec).exec().getId();
        } catch (NotFoundException e) {
            throw new CellCouldNotRun("image " + spec.image() + " is not on host " + hostName + ": " + EngineMessages.of(e));
        } catch (DockerException e) {
            throw new CellCouldNotRun("create failed on host " + hostName + ": " + EngineMessages.of(e), EngineMessages.of(e));
        }
    }

    /**
     * Attaches to a created container's output; returns once the engine streams it, so nothing printed is missed.
     * The main process's output is read from an attach made before it starts, not from the engine's log: the
     * container has none (log driver none), and an attach misses nothing, however fast the process is.
     */
    OutputCollector attach(String id, long capBytes, SecretMask secrets) throws CellCouldNotRun, InterruptedException {
        OutputCollector output = new OutputCollector(capBytes, secrets);
        try {
            client.attachContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true).exec(output);
        } catch (DockerException e) {
            throw new CellCouldNotRun("attach failed on host " + hostName + ": " + EngineMessages.of(e));
        }
        if (!output.awaitStarted(ATTACH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            output.closeQuietly();
            throw new CellCouldNotRun("host " + hostName + " did not stream the container's output within "
                    + DurationText.of(ATTACH_TIMEOUT) + (output.error() != null ? ": " + output.error() : ""));
        }
        return output;
    }

    void start(String id) throws CellCouldNotRun {
        try {
            client.startContainerCmd(id).exec();
        } catch (DockerException e) {
            throw new CellCouldNotRun("start failed on host " + hostName + ": " + EngineMessages.of(e), EngineMessages.of(e));
        }
    }

    /**
     * The main process's exit, or null when it did not come by the deadline. The end of the attached stream is the
     * exit signal: the kernel closes the process's output when it exits, and the engine ends the stream then. One
     * inspect confirms it and gives the exit code and the OOM flag. That costs one short request, where a wait costs
     * a request held open and, on Podman 4, a poll every 250 ms (about 200 ms more per cell through Podman's API,
     * measured).
     */
    ExitNotes.ExitState awaitExit(String id, OutputCollector output, long deadlineNanos) throws InterruptedException {
        ExitNotes.ExitState exit = streamEnded(output, deadlineNanos) ? stoppedState(id) : null;
        if (exit == null && System.nanoTime() < deadlineNanos) {
            // The stream ended but the process runs on (it closed its output), or the engine has not recorded the
            // exit yet: wait for the exit itself, within what is left of the timeout.
            exit = waitForExit(id, deadlineNanos);
        }
        return exit;
    }

    /** Kills a process out of time; the stream ends once it is gone, and a short grace period covers the last frames. */
    void killAndDrain(String id, OutputCollector output) throws InterruptedException {
        kill(id);
        streamEnded(output, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
    }

    void kill(String id) {
        try {
            client.killContainerCmd(id).exec();
        } catch (DockerException alreadyStopped) {
            // it stopped by itself between the timeout and the kill
        }
    }

    /** True when the attached stream ended (or broke) before the deadline. */
    private static boolean streamEnded(OutputCollector output, long deadlineNanos) throws InterruptedException {
        try {
            return output.awaitCompletion(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RuntimeException broken) {
            // The stream failed rather than ended: the inspect and, if need be, the wait tell what the process did.
            return true;
        }
    }

    /** The container's exit, or null while it still runs. */
    private ExitNotes.ExitState stoppedState(String id) {
        var state = client.inspectContainerCmd(id).exec().getState();
        if (Boolean.TRUE.equals(state.getRunning())) {
            return null;
        }
        Long code = state.getExitCodeLong();
        return new ExitNotes.ExitState(code == null ? null : code.intValue(), Boolean.TRUE.equals(state.getOOMKilled()));
    }

    private ExitNotes.ExitState waitForExit(String id, long deadlineNanos) throws InterruptedException {
        WaitContainerResultCallback wait = client.waitContainerCmd(id).exec(new WaitContainerResultCallback());
        try {
            if (!wait.awaitCompletion(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return null;
            }
            Integer code = wait.awaitStatusCode();
            // Only an unexpected ending needs to know whether the OOM killer was involved.
            return code != null && code != 0 ? stoppedState(id) : new ExitNotes.ExitState(code, false);
        } finally {
            try {
                wait.close();
            } catch (Exception ignored) {
                // the wait is over either way
            }
        }
    }
}
