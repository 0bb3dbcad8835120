package io.crosshost.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A docker-registry of a test's own, beside the lab's (harness/lab/registry.sh): the lab's name
 * (registry.crosshost.test, ::1) and the lab CA's server certificate, but its own port, password file, storage
 * and trust entries, so a fault test never touches the lab's registry. {@link #close} stops it and removes the
 * certs.d entries it made.
 */
public final class PrivateRegistry implements AutoCloseable {

    public static final String NAME = "registry.crosshost.test";
    /** What lab.sh made: the CA every lab engine trusts for the lab's registry, and the registry's certificate. */
    public static final Path LAB_REGISTRY_DIR = Path.of(System.getenv().getOrDefault("CROSSHOST_LAB_STATE", "/var/lib/crosshost-lab"), "registry");
    private static final List<Path> CERTS_D = List.of(Path.of("/etc/docker/certs.d"), Path.of("/etc/containers/certs.d"));

    private final int port;
    private final Process process;
    private final List<Path> trusted = new ArrayList<>();

    private PrivateRegistry(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** A registry on [::1]:port with basic auth from {@code htpasswd} and its blobs in {@code storage}. */
    public static PrivateRegistry start(Path dir, int port, Path htpasswd, Path storage) throws IOException, InterruptedException {
        Path config = dir.resolve("registry-" + port + ".yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log: {level: warn}",
                "storage: {filesystem: {rootdirectory: " + storage + "}}",
                "http:",
                "  addr: \"[::1]:" + port + "\"",
                "  secret: crosshost-test-" + port,
                "  tls: {certificate: " + LAB_REGISTRY_DIR.resolve("server.crt") + ", key: " + LAB_REGISTRY_DIR.resolve("server.key") + "}",
                "auth: {htpasswd: {realm: crosshost-test, path: " + htpasswd + "}}", ""));
        Process process = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry-" + port + ".log").toFile()).start();
        PrivateRegistry registry = new PrivateRegistry(port, process);
        for (int i = 0; i < 100 && !listening(port); i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry on port " + port + " exited: " + Files.readString(dir.resolve("registry-" + port + ".log")));
            }
            Thread.sleep(100);
        }
        return registry;
    }

    /** No registry at all on a port, only the engines' trust in it: a registry that is stopped. */
    public static PrivateRegistry none(int port) {
        return new PrivateRegistry(port, null);
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName("::1"), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String address() {
        return NAME + ":" + port;
    }

    /** Every lab engine trusts the lab CA for this registry's address, as lab.sh does for the lab's registry. */
    public PrivateRegistry trusted() throws IOException {
        for (Path certsD : CERTS_D) {
            Path d = Files.createDirectories(certsD.resolve(address()));
            Files.copy(LAB_REGISTRY_DIR.resolve("ca.crt"), d.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            trusted.add(d);
        }
        return this;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (Path d : trusted) {
            Files.deleteIfExists(d.resolve("ca.crt"));
            Files.deleteIfExists(d);
        }
    }
}
