package io.crosshost.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.AuthConfig;
import io.crosshost.scenario.DurationText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a Docker credential helper for a registry's credentials the way the Docker CLI does
 * (docker-credential-helpers' client): {@code docker-credential-NAME get} with the server URL on stdin, JSON
 * {@code {"ServerURL", "Username", "Secret"}} on stdout; the username {@code <token>} means the secret is an identity
 * token; "credentials not found in native keychain" on a non-zero exit means the helper has none.
 *
 * <p>Unlike the Docker CLI this is bounded: a helper that waits for a keyring to unlock or a network that is not
 * there is stopped after {@code timeout}, with the processes it started. Testcontainers' {@code RegistryAuthLocator}
 * runs helpers too, but with a fixed 30 s timeout, failures only in its debug log, a process-wide cache and the JVM's
 * own PATH; here the PATH is given (tests put fake helpers first on it) and every failure is one sentence.
 *
 * <p>A helper's output may hold the secret even when it fails, so it is quoted only when it is no JSON at all.
 */
final class CredentialHelper {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NOT_FOUND = "credentials not found in native keychain";
    /** The most of a helper's output kept: credentials are a few hundred bytes, an error message one line. */
    private static final int MAX_OUTPUT = 64 * 1024;

    /** What a helper answered. */
    sealed interface Answer {
    }

    record Found(AuthConfig credentials) implements Answer {
    }

    record NotFound() implements Answer {
    }

    /** @param why one line naming what went wrong, never the helper's secret */
    record Failed(String why) implements Answer {
    }

    private final String path;
    private final Duration timeout;

    /**
     * @param path    the PATH the helper is looked up in (and runs with), as the environment gives it
     * @param timeout how long the helper may take
     */
    CredentialHelper(String path, Duration timeout) {
        this.path = path == null ? "" : path;
        this.timeout = timeout;
    }

    static String program(String helper) {
        return "docker-credential-" + helper;
    }

    /** Runs {@code docker-credential-HELPER get} for {@code serverUrl}. */
    Answer get(String helper, String serverUrl) {
        String program = program(helper);
        Optional<Path> executable = find(program);
        if (executable.isEmpty()) {
            return new Failed(program + " is not on the PATH");
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(executable.get().toString(), "get");
            builder.environment().put("PATH", path);
            process = builder.start();
        } catch (IOException e) {
            return new Failed(program + " could not be started: " + e.getMessage());
        }
        try {
            CompletableFuture<byte[]> stdout = drain(process.getInputStream());
            CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException exitedWithoutReading) {
                // A helper may exit before it reads: its exit status and output still say why.
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return new Failed(program + " did not answer within " + DurationText.of(timeout));
            }
            // A child of the helper's may hold its output open after it exited: the deadline covers that too.
            long left = Math.max(0, deadline - System.nanoTime());
            byte[] out = stdout.get(left, TimeUnit.NANOSECONDS);
            byte[] err = stderr.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return answer(program, process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            return new Failed(program + " did not answer within " + DurationText.of(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed(program + " was interrupted");
        } catch (ExecutionException e) {
            return new Failed(program + "'s output could not be read: " + e.getCause().getMessage());
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static Answer answer(String program, int exit, String out, String err) {
        String text = out.strip();
        if (exit != 0) {
            if (text.equalsIgnoreCase(NOT_FOUND)) {
                return new NotFound();
            }
            String said = looksLikeJson(text) ? "" : firstLine(text.isEmpty() ? err.strip() : text);
            return new Failed(program + " exited with status " + exit + (said.isEmpty() ? "" : ": " + said));
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (IOException notJson) {
            json = null;
        }
        String user = json == null ? null : json.path("Username").asText(null);
        String secret = json == null ? null : json.path("Secret").asText(null);
        if (user == null || user.isEmpty() || secret == null) {
            return new Failed(program + " answered with no {\"Username\", \"Secret\"} JSON"
                    + " (its output is not shown: it may hold the secret)");
        }
        AuthConfig credentials = new AuthConfig();
        return new Found(user.equals("<token>") ? credentials.withIdentityToken(secret)
                : credentials.withUsername(user).withPassword(secret));
    }

    private static boolean looksLikeJson(String text) {
        return text.startsWith("{") || text.contains("\"Secret\"");
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** The first executable of that name on the PATH, as a shell finds it. */
    private Optional<Path> find(String program) {
        return Arrays.stream(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                ByteArrayOutputStream kept = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    kept.write(buffer, 0, Math.min(n, Math.max(0, MAX_OUTPUT - kept.size())));
                }
                read.complete(kept.toByteArray());
            } catch (IOException e) {
                read.completeExceptionally(e);
            }
        }, "crosshost-credential-helper-output");
        reader.setDaemon(true);
        reader.start();
        return read;
    }
}
