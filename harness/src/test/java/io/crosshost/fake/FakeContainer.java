package io.crosshost.fake;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One container of the fake: what it was created with, and its state. Its main process is the scripted
 * {@link FakeProcess}: {@link #started} completes at the start, {@link #exited} with the exit code once the script's
 * duration has passed, or at once with 137 on a kill or a forced removal.
 */
public final class FakeContainer {

    public enum State { CREATED, RUNNING, EXITED, REMOVED }

    private final String id;
    private final String name;
    private final String image;
    private final List<String> cmd;
    private final Map<String, String> labels;
    /** Decided at the start, not at the create: files copied in between (a hybrid's) may change what it does. */
    private final Function<FakeContainer, FakeProcess> script;
    private FakeProcess process;
    private final Map<String, String> copiedIn = new java.util.concurrent.ConcurrentHashMap<>();
    private final Instant created = Instant.now();
    /** True when the process started, false when the container was removed before it could. */
    final CompletableFuture<Boolean> started = new CompletableFuture<>();
    final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private volatile State state = State.CREATED;

    FakeContainer(String id, String name, String image, List<String> cmd, Map<String, String> labels,
                  Function<FakeContainer, FakeProcess> script) {
        this.id = id;
        this.name = name;
        this.image = image;
        this.cmd = List.copyOf(cmd);
        this.labels = Map.copyOf(labels);
        this.script = script;
        exited.thenAccept(code -> {
            synchronized (this) {
                if (state != State.REMOVED) {
                    state = State.EXITED;
                }
            }
        });
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String image() {
        return image;
    }

    public List<String> cmd() {
        return cmd;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public State state() {
        return state;
    }

    synchronized FakeProcess process() {
        if (process == null) {
            process = script.apply(this);
        }
        return process;
    }

    /** The files the archive API copied into the container (PUT), by absolute path; text, as the fake's files are. */
    public Map<String, String> copiedIn() {
        return copiedIn;
    }

    Instant createdAt() {
        return created;
    }

    /** Starts the scripted process; false when it is not in state created (dockerd answers 304 or 409 then). */
    synchronized boolean start(ScheduledExecutorService clock) {
        if (state != State.CREATED) {
            return false;
        }
        state = State.RUNNING;
        started.complete(true);
        FakeProcess p = process();
        clock.schedule(() -> exited.complete(p.exitCode()), p.duration().toNanos(), TimeUnit.NANOSECONDS);
        return true;
    }

    /** SIGKILL: false when the process is not running. */
    synchronized boolean kill() {
        if (state != State.RUNNING) {
            return false;
        }
        exited.complete(137);
        return true;
    }

    /** Removed: a running process is killed, and streams waiting for a start end. */
    synchronized void remove() {
        state = State.REMOVED;
        started.complete(false);
        exited.complete(137);
    }

    /** The exit code once exited, else null. */
    Integer exitCode() {
        return exited.isDone() ? exited.join() : null;
    }

    @Override
    public String toString() {
        return "container " + id.substring(0, 12) + " (" + status() + ", labels " + labels + ")";
    }

    /** Docker's words for the state: created, running, exited. */
    String status() {
        return switch (state) {
            case CREATED -> "created";
            case RUNNING -> "running";
            case EXITED -> "exited";
            case REMOVED -> "removing";
        };
    }
}
