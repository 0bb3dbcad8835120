package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.matrix.Cell;
import io.crosshost.scenario.RunOptions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The containers one host keeps for {@code isolation: shared} scenarios: one per image and create-time
 * options (network, capabilities, security options, read-only root, limits), since an exec can change only
 * the user, the environment and the working directory. Removed when the run ends.
 */
final class SharedContainers implements AutoCloseable {

    /** What an exec cannot change, so cells that differ in it cannot share a container. */
    private record Key(String image, String network, List<String> capAdd, List<String> capDrop, List<String> securityOpt,
                       boolean readOnly, boolean privileged, Long memory, Long pids) {

        static Key of(Cell cell) {
            RunOptions o = cell.scenario().options();
            return new Key(cell.image().reference(), o.network(), o.capAdd(), o.capDrop(), o.securityOpt(), o.readOnly(),
                    o.privileged(), o.memoryBytes(), o.pidsLimit());
        }
    }

    interface Creator {
        String create() throws CellCouldNotRun;
    }

    private final DockerClient client;
    private final Map<Key, String> containers = new ConcurrentHashMap<>();

    SharedContainers(DockerClient client) {
        this.client = client;
    }

    /** The shared container for this cell, created by the first cell that needs it. */
    synchronized String containerFor(Cell cell, Creator creator) throws CellCouldNotRun {
        Key key = Key.of(cell);
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
