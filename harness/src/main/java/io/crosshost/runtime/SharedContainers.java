package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.container.ContainerSpec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The containers one host keeps for {@code isolation: shared} scenarios: one per create-time part of the cells'
 * specs (image, network, capabilities, security options, read-only root, limits...), since an exec can change only
 * the user, the environment and the working directory. Removed when the run ends.
 */
final class SharedContainers implements AutoCloseable {

    interface Creator {
        String create() throws CellCouldNotRun;
    }

    private final DockerClient client;
    private final Map<ContainerSpec, String> containers = new ConcurrentHashMap<>();

    SharedContainers(DockerClient client) {
        this.client = client;
    }

    /**
     * The shared container for cells whose specs have this create-time part ({@link ContainerSpec#createTimePart}),
     * created by the first cell that needs it.
     */
    synchronized String containerFor(ContainerSpec key, Creator creator) throws CellCouldNotRun {
        String id = containers.get(key);
        if (id == null) {
            id = creator.create();
            containers.put(key, id);
        }
        return id;
    }

    /** A container that had to be killed (a step timed out) is not handed out again. */
    synchronized void forget(String id) {
        containers.values().remove(id);
    }

    @Override
    public synchronized void close() {
        for (String id : containers.values()) {
            try {
                client.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException gone) {
                // already removed, or the host no longer answers; the next run's sweep takes anything left
            }
        }
        containers.clear();
    }
}
