package io.crosshost.fake;

import io.crosshost.matrix.Endpoint;
import io.crosshost.matrix.HostSpec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A Docker Engine on a unix socket in this JVM, for unit tests of the runner that need no lab: it answers the calls
 * the harness makes through docker-java (see {@link Api}) from an in-memory store, and runs no process: each
 * container's main process and each exec is what the test's script says (exit code, output, files, duration). It
 * records every request, every container created and removed, and does per call what a test asks of it: answer late,
 * fail with an HTTP error, or never answer.
 *
 * <p>Reach it through the harness's real host path: {@code HostSessions.open(engine.host("fake", 2))}.
 */
public final class FakeEngine implements AutoCloseable {

    /** What every fake image's configuration says (image inspect's Config): PATH in its env, and this label set to yes. */
    public static final String IMAGE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    public static final String IMAGE_LABEL = "crosshost.fake";

    /** One request as the fake received it: the call, the path and the body (JSON for a create). */
    public record Seen(Api api, String path, String body, java.time.Instant at) {
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final ContainerStore store = new ContainerStore();
    /** A fault for the requests of one call that match, such as the create of one cell. */
    private record Rule(Api api, Predicate<Seen> matching, Fault fault) {
    }

    private final List<Rule> faults = new CopyOnWriteArrayList<>();
    private final Set<String> missingImages = ConcurrentHashMap.newKeySet();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Object activity = new Object();
    private volatile java.util.function.BiFunction<FakeContainer, List<String>, FakeProcess> script = (c, argv) -> FakeProcess.SHELLISH.apply(argv);
    private int inFlight;
    private final ContainerRoutes containerRoutes;
    private final SystemRoutes systemRoutes;
    private final PullRoutes pullRoutes;

    private FakeEngine(Path socket) throws IOException {
        this.socket = socket;
        Predicate<String> present = ref -> !missingImages.contains(ref);
        this.containerRoutes = new ContainerRoutes(store, (c, argv) -> script.apply(c, argv), present);
        this.pullRoutes = new PullRoutes(missingImages, closed);
        this.systemRoutes = new SystemRoutes(present, pullRoutes::repoDigests);
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        daemon("fake-engine-accept", this::acceptLoop);
    }

    /** An engine listening on {@code dir/fake.sock} (keep the path short: a unix socket's path has at most 107 bytes). */
    public static FakeEngine start(Path dir) throws IOException {
        return new FakeEngine(dir.resolve("fake.sock"));
    }

    public String endpoint() {
        return "unix://" + socket;
    }

    /** A matrix host on this engine. */
    public HostSpec host(String name, int concurrency) {
        return new HostSpec(name, new Endpoint(endpoint(), null), concurrency, Map.of());
    }

    /** What each container's main process and each exec does, from its command line. */
    public FakeEngine script(Function<List<String>, FakeProcess> script) {
        this.script = (c, argv) -> script.apply(argv);
        return this;
    }

    /**
     * The same, from the container too: its image and the files copied into it before its start (a hybrid of one
     * image with another's files behaves as the test says the copied files make it).
     */
    public FakeEngine scriptSeeing(java.util.function.BiFunction<FakeContainer, List<String>, FakeProcess> script) {
        this.script = script;
        return this;
    }

    /** Every request of this call gets the fault (until {@link #clearFaults}). */
    public FakeEngine fault(Api api, Fault fault) {
        return fault(api, request -> true, fault);
    }

    /** The requests of this call that match get the fault; the first rule that matches a request applies. */
    public FakeEngine fault(Api api, Predicate<Seen> matching, Fault fault) {
        faults.add(new Rule(api, matching, fault));
        return this;
    }

    public FakeEngine clearFaults() {
        faults.clear();
        return this;
    }

    /** Pulls end with an error item in these words (a registry's, as dockerd quotes them). */
    public FakeEngine pullsFail(String words) {
        pullRoutes.outcome(PullRoutes.Outcome.FAILS, words);
        return this;
    }

    /** Pulls send their first progress items, then nothing, until the engine closes. */
    public FakeEngine pullsStall() {
        pullRoutes.outcome(PullRoutes.Outcome.STALLS, null);
        return this;
    }

    /** The registry credentials each pull carried (the X-Registry-Auth header, decoded), in order. */
    public List<String> registryAuths() {
        return pullRoutes.registryAuths();
    }

    /** The digest a completed pull gives the image's repository. */
    public static String pulledDigest() {
        return PullRoutes.DIGEST;
    }

    public FakeEngine withoutImage(String ref) {
        missingImages.add(ref);
        return this;
    }

    /** The containers the engine holds now, in any state. */
    public List<FakeContainer> containers() {
        return store.live();
    }

    /** Every container ever created, in order. */
    public List<FakeContainer> created() {
        return store.created();
    }

    public List<String> removed() {
        return store.removed();
    }

    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    /** Waits until {@code count} requests that match have been received (answered or not); false at the timeout. */
    public boolean awaitRequests(Predicate<Seen> matching, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (activity) {
            while (seen.stream().filter(matching).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(activity, left);
            }
            return true;
        }
    }

    /**
     * Waits until no request is being worked on (a delayed create still in its delay counts; streams and hung
     * requests do not): after it, the store holds whatever the requests received so far leave behind.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (activity) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(activity, left);
            }
            return true;
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                connections.add(connection);
                daemon("fake-engine-connection", () -> serve(connection));
            } catch (IOException closing) {
                return;
            }
        }
    }

    /** One connection: requests in turn, kept alive until the client closes it or a stream ends it. */
    private void serve(SocketChannel connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(connection));
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(connection));
            HttpReply reply = new HttpReply(out);
            for (HttpRequest request = HttpRequest.read(in); request != null; request = HttpRequest.read(in)) {
                var route = Api.route(request.method(), request.path());
                if (route.isEmpty()) {
                    reply.error(404, "page not found: " + request.method() + " " + request.path());
                    continue;
                }
                if (!answer(route.get(), request, reply)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException | RuntimeException clientGone) {
            // the client closed the connection, or the engine is closing
        } finally {
            connections.remove(connection);
        }
    }

    private boolean answer(Api.Route route, HttpRequest http, HttpReply reply) throws IOException, InterruptedException {
        Seen request = new Seen(route.api(), http.path(), http.bodyText(), java.time.Instant.now());
        Fault fault = faults.stream().filter(r -> r.api() == route.api() && r.matching().test(request)).map(Rule::fault)
                .findFirst().orElse(null);
        boolean counted = !route.api().streams() && (fault == null || !fault.hang());
        synchronized (activity) {
            seen.add(request);
            if (counted) {
                inFlight++;
            }
            activity.notifyAll();
        }
        try {
            if (fault != null && fault.hang()) {
                closed.await();
                return false;
            }
            if (fault != null && !fault.delay().isZero()) {
                // dockerd does not notice a client that went away: the work below is done all the same.
                Thread.sleep(fault.delay().toMillis());
            }
            if (fault != null && fault.fails()) {
                reply.error(fault.status(), fault.message());
                return true;
            }
            if (route.api() == Api.IMAGE_CREATE) {
                pullRoutes.answer(http, reply);
                return true;
            }
            if (route.api() == Api.PING || route.api() == Api.VERSION || route.api() == Api.INFO || route.api() == Api.IMAGE_INSPECT) {
                systemRoutes.answer(route, reply);
                return true;
            }
            return containerRoutes.answer(route, http, reply);
        } finally {
            if (counted) {
                synchronized (activity) {
                    inFlight--;
                    activity.notifyAll();
                }
            }
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (SocketChannel c : connections) {
            c.close();
        }
        store.close();
        Files.deleteIfExists(socket);
    }
}
