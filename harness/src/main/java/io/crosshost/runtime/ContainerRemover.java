package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Removes the containers of finished cells on one host, off the cells' critical path: a cell's result does not
 * wait for its container's removal, and the cell's slot takes the next cell at once. The run waits for every
 * removal before it ends ({@link #drain}), so nothing is left behind; what a stopped or dead host keeps is
 * removed by label when the run closes, or by the next run's sweep.
 */
final class ContainerRemover {

    private final DockerClient client;
    private final String hostName;
    private final ExecutorService worker;
    /** Set when a removal got no answer: the rest are left to the label sweep rather than each waiting its deadline. */
    private volatile boolean hostSilent;

    /** {@code background}: false removes in the caller's thread (triage, which looks at one cell at a time). */
    ContainerRemover(DockerClient client, String hostName, boolean background) {
        this.client = client;
        this.hostName = hostName;
        // One thread is enough: a removal costs about 5 ms of the engine's time on Docker and 15 ms on Podman here.
        this.worker = background ? Executors.newSingleThreadExecutor(DaemonThreads.named("crosshost-remove-" + hostName)) : null;
    }

    /** Removes the container soon; at once, in this thread, when this remover works in the foreground or is closed. */
    void remove(String id) {
        if (worker != null && !Thread.currentThread().isInterrupted()) {
            try {
                worker.execute(() -> removeNow(id));
                return;
            } catch (RejectedExecutionException closed) {
                // the run is closing: remove it here
            }
        }
        removeNow(id);
    }

    /** Removes the container in the caller's thread; a refusal is left to the run's label sweep. */
    void removeNow(String id) {
        if (hostSilent) {
            return;
        }
        // An interrupted thread (the run is being stopped) must still remove its container: clear the flag for the
        // removal so the transport does not refuse, then restore it.
        boolean interrupted = Thread.interrupted();
        try {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // already removed
        } catch (RuntimeException e) {
            // The engine refused or no longer answers. The cell's own result stands; the run's close removes what
            // carries its label, and a later run's stale-container sweep what a dead host kept.
            if (EngineMessages.noAnswer(e) && !hostSilent) {
                hostSilent = true;
                System.err.println("crosshost: host " + hostName + " did not answer a removal (" + EngineMessages.of(e)
                        + "); the run's containers left on it are removed by label when the run ends, or by the next run's sweep if the host"
                        + " does not answer then");
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until every removal asked for so far is done, at most {@code max}; later requests run in the caller. */
    void drain(Duration max) {
        if (worker == null) {
            return;
        }
        worker.shutdown();
        try {
            worker.awaitTermination(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
