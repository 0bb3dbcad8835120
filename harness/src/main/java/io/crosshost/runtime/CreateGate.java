package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Lets a process that is going away take every container it asked for with it: creates made through its clients are
 * counted while in flight, and once it closes, new ones are refused. A shutdown hook closes the gate, waits for the
 * creates in flight to get their answers (the engine makes the container even when the client gives up), and only
 * then sweeps by label: on the lab a SIGTERM'd triage's probe container was created 2.4 s after the signal, after a
 * first sweep had looked.
 */
public final class CreateGate {

    private int inFlight;
    private boolean closed;

    /** The session's client, with whole creates (see {@link WholeCreates}) that pass this gate. */
    public DockerClient client(HostSession session) {
        return WholeCreates.client(session, this);
    }

    synchronized void enter() {
        if (closed) {
            // Read as a request that got no answer: the cell in flight ends quietly, as a stop's cells do.
            throw new UncheckedIOException(new IOException("the process is stopping: no container is created any more"));
        }
        inFlight++;
    }

    synchronized void exit() {
        inFlight--;
        notifyAll();
    }

    /** Refuses new creates and waits, at most {@code max}, for those in flight. */
    public synchronized void closeAndAwait(Duration max) {
        closed = true;
        long deadline = System.nanoTime() + max.toNanos();
        while (inFlight > 0 && System.nanoTime() < deadline) {
            try {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
