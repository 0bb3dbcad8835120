package io.crosshost.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Certificates for a TLS engine made with openssl, the way Docker's "Protect the Docker daemon socket" page
 * makes them: a CA, a server certificate for 127.0.0.1 (subjectAltName IP:127.0.0.1, serverAuth) and client
 * certificates (clientAuth). Each client directory holds what a cert_dir must: ca.pem, cert.pem, key.pem.
 */
public final class TestCertificates {

    private final Path dir;

    public TestCertificates(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** A self-signed CA: {@code NAME-ca.pem} and {@code NAME-ca-key.pem}. */
    public Path ca(String name) throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=crosshost test " + name,
                "-keyout", dir.resolve(name + "-ca-key.pem").toString(), "-out", dir.resolve(name + "-ca.pem").toString());
        return dir.resolve(name + "-ca.pem");
    }

    /** The engine's certificate for 127.0.0.1, signed by {@code ca}: {@code server-cert.pem}, {@code server-key.pem}. */
    public void server(String ca) throws IOException, InterruptedException {
        sign(ca, "server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    }

    /**
     * A client certificate directory {@code name}/ with cert.pem and key.pem signed by {@code signer} and the
     * ca.pem of {@code trusted} (the CA the client checks the engine's certificate against).
     */
    public Path clientDir(String name, String signer, String trusted) throws IOException, InterruptedException {
        Path client = Files.createDirectories(dir.resolve(name));
        sign(signer, "client-" + name, "/CN=crosshost test client " + name, "extendedKeyUsage=clientAuth\n");
        Files.move(dir.resolve("client-" + name + "-cert.pem"), client.resolve("cert.pem"));
        Files.move(dir.resolve("client-" + name + "-key.pem"), client.resolve("key.pem"));
        Files.copy(dir.resolve(trusted + "-ca.pem"), client.resolve("ca.pem"));
        return client;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    private void sign(String ca, String prefix, String subject, String extensions) throws IOException, InterruptedException {
        Path key = dir.resolve(prefix + "-key.pem");
        Path csr = dir.resolve(prefix + "-req.csr");
        Path ext = dir.resolve(prefix + "-ext.cnf");
        Files.writeString(ext, extensions);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", key.toString(), "-out", csr.toString());
        openssl("x509", "-req", "-days", "2", "-in", csr.toString(), "-CA", dir.resolve(ca + "-ca.pem").toString(),
                "-CAkey", dir.resolve(ca + "-ca-key.pem").toString(), "-CAcreateserial", "-extfile", ext.toString(),
                "-out", dir.resolve(prefix + "-cert.pem").toString());
        Files.delete(csr);
        Files.delete(ext);
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        PrivateDockerd.run(command);
    }
}
