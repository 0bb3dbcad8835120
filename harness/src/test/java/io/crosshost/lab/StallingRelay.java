package io.crosshost.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry that dies mid-pull: a TCP relay on [::1]:port to a registry on [::1], bytes passed through untouched
 * (TLS stays end to end, so it needs no certificate), until a connection has carried more than {@code stallAfter}
 * bytes from the registry. Then it stops relaying that connection but keeps both sockets open, so the engine's blob
 * download waits for bytes that never come, without an error, as it does when a registry hangs. Pings, the manifest
 * and the config blob are far below the threshold; a layer of 1 MiB is far above it.
 *
 * <p>A connection ends when the engine closes its side (it gave the pull up) or at {@link #close}, which also stops
 * every thread of the relay's ({@link #threadsAlive} says whether any is left).
 */
final class StallingRelay implements AutoCloseable {

    static final String THREAD_PREFIX = "stalling-relay-";

    private final ServerSocket server;
    private final int upstreamPort;
    private final long stallAfter;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger stalled = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();

    private StallingRelay(ServerSocket server, int upstreamPort, long stallAfter) {
        this.server = server;
        this.upstreamPort = upstreamPort;
        this.stallAfter = stallAfter;
    }

    /** Listens on [::1]:port (0: any free port) and relays to [::1]:upstreamPort. */
    static StallingRelay start(int port, int upstreamPort, long stallAfter) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName("::1"), port));
        StallingRelay relay = new StallingRelay(server, upstreamPort, stallAfter);
        relay.spawn("accept", relay::accept);
        return relay;
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many connections the relay stopped relaying. */
    int stalledConnections() {
        return stalled.get();
    }

    /** How many stalled connections the engine closed itself before {@link #close}: it gave the pull up. */
    int abandonedByTheEngine() {
        return abandoned.get();
    }

    boolean threadsAlive() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return; // close() closed the server socket
            }
            sockets.add(client);
            try {
                Socket registry = new Socket(InetAddress.getByName("::1"), upstreamPort);
                sockets.add(registry);
                CountDownLatch ended = new CountDownLatch(1);
                spawn("to-registry", () -> pump(client, registry, Long.MAX_VALUE, ended));
                spawn("from-registry", () -> pump(registry, client, stallAfter, ended));
            } catch (IOException refused) {
                closeQuietly(client); // the engine sees the connection end, as with a registry that is down
            }
        }
    }

    /** Copies {@code from} to {@code to} until EOF, or until {@code limit} bytes, then holds both open till the end. */
    private void pump(Socket from, Socket to, long limit, CountDownLatch ended) {
        long carried = 0;
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                carried += n;
                if (carried > limit) {
                    stalled.incrementAndGet();
                    ended.await();
                    if (!server.isClosed()) {
                        abandoned.incrementAndGet();
                    }
                    return;
                }
            }
        } catch (IOException | InterruptedException gone) {
            // a socket closed under us: the other side went, or close()
        } finally {
            ended.countDown();
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void spawn(String name, Runnable job) {
        Thread t = new Thread(job, THREAD_PREFIX + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        sockets.forEach(StallingRelay::closeQuietly);
        for (Thread t : threads) {
            t.join(5_000);
        }
    }
}
