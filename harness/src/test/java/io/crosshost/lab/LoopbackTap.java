package io.crosshost.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 in front of another loopback port that keeps the first bytes each client sent:
 * a TLS connection starts with a handshake record (0x16 0x03), a plain HTTP one with "GET " or "HEAD".
 * It lets a test prove what went over the wire, which a TLS engine's own log does not say (Go answers a
 * plain HTTP request on a TLS port with a 400 and logs nothing).
 */
public final class LoopbackTap implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final List<byte[]> openings = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public LoopbackTap(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("tap-accept", this::acceptLoop).start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The first bytes (5, fewer if it hung up sooner) of each connection a client opened, in order. */
    public List<byte[]> openings() {
        return List.copyOf(openings);
    }

    /** Whether every connection opened with a TLS handshake record: content type 22, version 3.x. */
    public static boolean isTlsHandshake(byte[] opening) {
        return opening.length >= 2 && opening[0] == 0x16 && opening[1] == 0x03;
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket client = server.accept();
                sockets.add(client);
                daemon("tap-connection", () -> relay(client)).start();
            }
        } catch (IOException closed) {
            // the tap was closed
        }
    }

    private void relay(Socket client) {
        try {
            // Both a TLS record header and the shortest HTTP request line start with at least 5 bytes from the client.
            byte[] opening = client.getInputStream().readNBytes(5);
            openings.add(opening);
            Socket engine = new Socket(InetAddress.getLoopbackAddress(), target);
            sockets.add(engine);
            engine.getOutputStream().write(opening);
            daemon("tap-up", () -> pump(client, engine)).start();
            pump(engine, client);
        } catch (IOException e) {
            // the client or the engine hung up
        }
    }

    /** Copies one direction; at its end of stream, half-closes the other side so that the last words still arrive. */
    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException broken) {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
