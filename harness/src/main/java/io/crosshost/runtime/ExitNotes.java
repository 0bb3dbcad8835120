package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import io.crosshost.container.ContainerSpec;

import java.time.Duration;

/**
 * Why a cell's process may have ended as it did, in the terms of its container's limits: killed for memory (as the
 * engine saw it, or as exit code 137 suggests), or out of time with its process count at the pids limit (a fork bomb).
 */
final class ExitNotes {

    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(5);

    private final DockerClient client;

    ExitNotes(DockerClient client) {
        this.client = client;
    }

    /** How a stopped process ended: its exit code and whether the engine saw the OOM killer. */
    record ExitState(Integer code, boolean oomKilled) {
    }

    /** A note on an exit that the memory limit may explain, or null. */
    static String exitNote(ContainerSpec spec, ExitState exit) {
        String limit = "the container's memory limit is " + size(spec.memoryBytes())
                + " (the scenario's 'memory' or the matrix's defaults.memory)";
        if (exit.oomKilled()) {
            return "out of memory: the kernel killed a process of the cell (the engine reports OOMKilled); " + limit;
        }
        if (exit.code() != null && exit.code() == 137) {
            // Podman reports OOMKilled only for the container's first process; 137 is SIGKILL, what the OOM killer sends.
            return "exit code 137 is SIGKILL, which is what the kernel's out-of-memory killer sends; " + limit;
        }
        return null;
    }

    /** An exec's exit with the container's OOM flag (an exec has none of its own); the flag is a hint, so a failed inspect is no flag. */
    ExitState withContainerOom(String containerId, int exit) {
        try {
            return new ExitState(exit, Boolean.TRUE.equals(client.inspectContainerCmd(containerId).exec().getState().getOOMKilled()));
        } catch (DockerException e) {
            return new ExitState(exit, false);
        }
    }

    /** What the container was doing when its time ran out: a process count at the pids limit says fork bomb. */
    String timeoutNote(ContainerSpec spec, String containerId) {
        String limits = "its limits: " + spec.pidsLimit() + " processes (pids_limit), " + size(spec.memoryBytes()) + " of memory";
        Long pids = ContainerPids.current(client, containerId, STATS_TIMEOUT);
        if (pids == null) {
            return limits;
        }
        return (pids == 1 ? "1 process was running" : pids + " processes were running")
                + (pids >= spec.pidsLimit() ? ", as many as its pids limit allows" : "") + "; " + limits;
    }

    /** 536870912 as "512 MiB". */
    static String size(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }
}
