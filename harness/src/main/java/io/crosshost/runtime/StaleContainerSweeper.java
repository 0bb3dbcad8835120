package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Container;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Removes the containers that a dead run left behind (it was killed with SIGKILL, or its machine rebooted).
 * A container is stale only when its {@code crosshost.owner} label names this machine and a process that is
 * no longer alive; containers of live runs, and of runs on other machines, are never touched.
 */
public final class StaleContainerSweeper {

    /** The JVM records its start a little after the process starts; both name the same process within this. */
    private static final long START_TOLERANCE_MILLIS = 30_000;

    private StaleContainerSweeper() {
    }

    /** Removes this host's stale containers and returns the runs they belonged to ("run id: count"). */
    public static List<String> sweep(DockerClient client, RunContext run) {
        List<Container> labelled;
        try {
            labelled = client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of(RunContext.LABEL_RUN)).exec();
        } catch (DockerException e) {
            return List.of();
        }
        RunContext.ProcessOwner self = RunContext.ProcessOwner.current();
        Map<String, Integer> removedByRun = new java.util.TreeMap<>();
        for (Container c : labelled) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            String runId = labels.get(RunContext.LABEL_RUN);
            if (run.runId().equals(runId) || !isDead(labels.get(RunContext.LABEL_OWNER), self.machine())) {
                continue;
            }
            try {
                client.removeContainerCmd(c.getId()).withForce(true).exec();
                removedByRun.merge(runId, 1, Integer::sum);
            } catch (DockerException e) {
                // gone already, or being removed by the engine
            }
        }
        List<String> removed = new ArrayList<>();
        removedByRun.forEach((id, n) -> removed.add(id + ": " + n));
        return removed;
    }

    static boolean isDead(String owner, String thisMachine) {
        if (owner == null) {
            return false;
        }
        String[] parts = owner.split(":");
        if (parts.length != 3 || !parts[0].equals(thisMachine)) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            long startMillis = Long.parseLong(parts[2]);
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !process.get().isAlive()) {
                return true;
            }
            // The pid is alive: it is the same process only when it started when the owner did.
            Optional<Instant> started = process.get().info().startInstant();
            return started.isPresent() && Math.abs(started.get().toEpochMilli() - startMillis) > START_TOLERANCE_MILLIS;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
