package io.crosshost.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A dockerd of a test's own, beside the lab's: its own unix socket, data root, exec root, pid file and
 * config file under one temporary directory, no bridge and no iptables, and optionally more listeners
 * (a loopback TCP port with TLS). {@link #close} stops it and removes everything it made, whatever happened.
 */
public final class PrivateDockerd implements AutoCloseable {

    /** Debian's docker client: it matches the lab's engines. */
    public static final String DOCKER_CLI = "/usr/bin/docker";

    private final Path dir;
    private final Path socket;
    private final Process process;
    private final Thread stopOnExit;

    private PrivateDockerd(Path dir, Path socket, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
        this.stopOnExit = new Thread(this::stop, "private-dockerd-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts a dockerd in {@code dir} (which it owns from now on, and removes on close) with these extra
     * arguments, and waits until its unix socket answers.
     */
    public static PrivateDockerd start(Path dir, List<String> extraArgs) throws IOException, InterruptedException {
        Path socket = dir.resolve("docker.sock");
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("exec"));
        // An empty config file of its own: nothing from /etc/docker/daemon.json may clash with these flags.
        Files.writeString(dir.resolve("daemon.json"), "{}\n");
        List<String> command = new ArrayList<>(List.of("dockerd",
                "--config-file", dir.resolve("daemon.json").toString(),
                "--host", "unix://" + socket,
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(),
                "--bridge", "none", "--iptables=false", "--ip6tables=false",
                "--debug"));
        command.addAll(extraArgs);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dockerd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        PrivateDockerd dockerd = new PrivateDockerd(dir, socket, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!answers(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = dockerd.log();
                dockerd.close();
                throw new IllegalStateException("the test's own dockerd did not come up on " + socket + "; its log:\n" + tail(log, 30));
            }
            Thread.sleep(100);
        }
        return dockerd;
    }

    public String unixEndpoint() {
        return "unix://" + socket;
    }

    public Path dir() {
        return dir;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("dockerd.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs Debian's docker client against this daemon; fails with its output when it fails. */
    public String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DOCKER_CLI, "-H", unixEndpoint()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Copies an image from the lab's docker host into this daemon (save there, load here). */
    public void importFromLabDocker(String image) throws IOException, InterruptedException {
        Path tar = dir.resolve("image.tar");
        run(List.of(DOCKER_CLI, "-H", LabHosts.DOCKER.endpoint(), "save", "-o", tar.toString(), image));
        docker("load", "-i", tar.toString());
        Files.delete(tar);
    }

    /** A TCP port on loopback that nothing listens on right now. */
    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    /** Is there an engine answering /_ping on this socket? */
    static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer answer = ByteBuffer.allocate(64);
            ch.read(answer);
            String status = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.") && status.contains(" 200 ");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * SIGSTOP: the daemon keeps its socket and the kernel still accepts connections on it, but nothing answers, as
     * with a deadlocked engine. {@link #thaw} (or {@link #close}) lets it go on.
     */
    public void freeze() throws IOException, InterruptedException {
        run(List.of("kill", "-STOP", Long.toString(process.pid())));
    }

    public void thaw() throws IOException, InterruptedException {
        run(List.of("kill", "-CONT", Long.toString(process.pid())));
    }

    /** Stops the daemon (SIGTERM, then SIGKILL), ends what it left running, and removes its directory. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs stop() anyway
        }
    }

    private synchronized void stop() {
        try {
            if (process.isAlive()) {
                thaw(); // a frozen daemon would hold SIGTERM until it is let go
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            // containerd shims of containers started while the daemon shut down outlive it; they are ours
            // (their -address is under our exec root), and only ours are ended.
            String execRoot = dir.resolve("exec").toString();
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(execRoot)).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
            unmountUnder(dir);
            deleteTree(dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not clean up the test's own dockerd in " + dir, e);
        }
    }

    private static void unmountUnder(Path dir) throws IOException, InterruptedException {
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] fields = line.split(" ");
            if (fields.length > 1 && fields[1].startsWith(dir.toString() + "/")) {
                mounts.add(fields[1]);
            }
        }
        mounts.sort(Comparator.comparing(String::length).reversed());
        for (String mount : mounts) {
            new ProcessBuilder("umount", "-l", mount).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
