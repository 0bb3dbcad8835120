package io.crosshost.fake;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The fake's containers and execs, and the history a test asserts on: every container ever created, in order, and
 * the ids of those removed.
 */
final class ContainerStore implements AutoCloseable {

    /** An exec of a container: its scripted process, and its exit code once the stream that ran it ended. */
    static final class Exec {
        final String id;
        final FakeContainer container;
        final List<String> cmd;
        final FakeProcess process;
        volatile Integer exitCode;
        volatile boolean running;

        Exec(String id, FakeContainer container, List<String> cmd, FakeProcess process) {
            this.id = id;
            this.container = container;
            this.cmd = List.copyOf(cmd);
            this.process = process;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, FakeContainer> live = new ConcurrentHashMap<>();
    private final Map<String, Exec> execs = new ConcurrentHashMap<>();
    private final List<FakeContainer> created = new CopyOnWriteArrayList<>();
    private final List<String> removed = new CopyOnWriteArrayList<>();
    final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-engine-clock");
        t.setDaemon(true);
        return t;
    });

    static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    FakeContainer create(String name, String image, List<String> cmd, Map<String, String> labels,
                         java.util.function.Function<FakeContainer, FakeProcess> script) {
        String id = newId();
        FakeContainer c = new FakeContainer(id, name != null ? name : "fake_" + id.substring(0, 12), image, cmd, labels, script);
        live.put(id, c);
        created.add(c);
        return c;
    }

    /** By full id, unique id prefix or name, as dockerd looks containers up. */
    Optional<FakeContainer> find(String ref) {
        FakeContainer exact = live.get(ref);
        if (exact != null) {
            return Optional.of(exact);
        }
        String name = ref.startsWith("/") ? ref.substring(1) : ref;
        List<FakeContainer> matches = live.values().stream()
                .filter(c -> c.name().equals(name) || c.id().startsWith(ref)).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    void remove(FakeContainer c) {
        if (live.remove(c.id()) != null) {
            c.remove();
            removed.add(c.id());
            execs.values().removeIf(e -> e.container == c);
        }
    }

    Exec newExec(FakeContainer c, List<String> cmd, FakeProcess process) {
        Exec e = new Exec(newId(), c, cmd, process);
        execs.put(e.id, e);
        return e;
    }

    Optional<Exec> exec(String id) {
        return Optional.ofNullable(execs.get(id));
    }

    List<FakeContainer> live() {
        return new ArrayList<>(live.values());
    }

    List<FakeContainer> created() {
        return List.copyOf(created);
    }

    List<String> removed() {
        return List.copyOf(removed);
    }

    @Override
    public void close() {
        clock.shutdownNow();
        live.values().forEach(FakeContainer::remove);
    }
}
