package io.crosshost.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one translator of what docker-java throws into words a person can act on. docker-java wraps transport errors
 * in bare RuntimeExceptions ("java.lang.RuntimeException: java.net.SocketException: No such file or directory") and
 * engine errors in DockerException ("Status 404: {"message":"..."}"); neither is fit for a report line. Cells quote
 * the engine's own words ({@link #of}); a host that cannot be reached is described by kind ({@link #describe}).
 */
public final class EngineMessages {

    /** What kind of failure a request met: the host's "unreachable" messages name a remedy per kind. */
    public enum Kind { NO_SOCKET, REFUSED, PERMISSION, TIMEOUT, TLS, UNKNOWN_HOST, HTTP, OTHER }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JAVA_CLASS_PREFIX = Pattern.compile("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ");
    private static final int MAX = 300;

    private EngineMessages() {
    }

    /**
     * Whether the request got no answer at all (the socket is gone, the connection was refused or cut, a stream
     * ended without its result), as opposed to the engine answering with an error: docker-java wraps transport
     * failures in plain RuntimeExceptions around an IOException, and a cut stream in a DockerClientException.
     */
    public static boolean noAnswer(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof DockerClientException) {
                return true;
            }
        }
        return false;
    }

    /** "No such image: x" rather than "Status 404: {\"message\":\"No such image: x\"}" and a stack trace. */
    public static String of(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : enginesWords(t.getMessage());
    }

    /**
     * The same for words an engine sent as text, not as an exception: a pull's stream ends with an error item
     * ({@code {"errorDetail":{"message":"..."}}}) whose message quotes the registry ("unauthorized: authentication
     * required", "manifest unknown", "x509: certificate signed by unknown authority"). One line, clipped.
     */
    public static String ofText(String enginesText) {
        return clip(enginesWords(enginesText));
    }

    public static Kind kind(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return Kind.TLS;
            }
            if (t instanceof DockerException) {
                return Kind.HTTP;
            }
            if (t instanceof UnknownHostException) {
                return Kind.UNKNOWN_HOST;
            }
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("no such file or directory")) {
                return Kind.NO_SOCKET;
            }
            if (message.contains("permission denied")) {
                return Kind.PERMISSION;
            }
            if (t instanceof ConnectException || message.contains("connection refused")) {
                return Kind.REFUSED;
            }
            // Apache's ConnectTimeoutException is shaded into docker-java's zerodep jar: match it by name.
            if (t instanceof SocketTimeoutException || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return Kind.TIMEOUT;
            }
        }
        return Kind.OTHER;
    }

    /** The other side closed the connection under us: a reset, a broken pipe, or end of stream mid-handshake. */
    public static boolean closedByPeer(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("broken pipe") || message.contains("connection reset") || message.contains("remote host terminated")
                    || t instanceof java.io.EOFException || t.getClass().getSimpleName().equals("NoHttpResponseException")) {
                return true;
            }
        }
        return false;
    }

    /** One line for a host that could not be reached: the kind of failure, in the engine's own words when it gave any. */
    public static String describe(Throwable error) {
        return clip(switch (kind(error)) {
            case NO_SOCKET -> "no such socket file";
            case REFUSED -> "connection refused";
            case PERMISSION -> "permission denied";
            case TIMEOUT -> "timed out";
            case TLS -> "TLS: " + messageOf(find(error, SSLException.class));
            case UNKNOWN_HOST -> "unknown host " + messageOf(find(error, UnknownHostException.class));
            case HTTP -> {
                DockerException e = find(error, DockerException.class);
                yield "HTTP " + e.getHttpStatus() + ": " + enginesWords(String.valueOf(e.getMessage()));
            }
            case OTHER -> messageOf(innermost(error));
        });
    }

    /** The engine's JSON {@code message} where the text carries one, else the text without Java class names. */
    private static String enginesWords(String raw) {
        int brace = raw.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode body = JSON.readTree(raw.substring(brace));
                if (body != null && body.hasNonNull("message")) {
                    return body.get("message").asText().strip();
                }
            } catch (IOException notJson) {
                // the engine answered in plain text; keep it
            }
        }
        return JAVA_CLASS_PREFIX.matcher(raw.replaceFirst("^Status \\d+: ", "")).replaceAll("").strip();
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " in " + error);
    }

    private static Throwable innermost(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The message without Java class names: "java.net.SocketException: Broken pipe" reads "Broken pipe". */
    private static String messageOf(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return JAVA_CLASS_PREFIX.matcher(message).replaceAll("").strip();
    }

    private static String clip(String text) {
        String line = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(text.strip());
        return line.length() <= MAX ? line : line.substring(0, MAX - 1) + "…";
    }
}
