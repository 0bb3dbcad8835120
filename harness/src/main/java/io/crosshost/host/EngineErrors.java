package io.crosshost.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Turns what docker-java throws into one short phrase a person can act on. docker-java wraps transport
 * errors in bare RuntimeExceptions ("java.lang.RuntimeException: java.net.SocketException: No such file
 * or directory") and engine errors in DockerException ("Status 404: {"message":"..."}"); neither is fit
 * for a report line.
 */
final class EngineErrors {

    enum Kind { NO_SOCKET, REFUSED, PERMISSION, TIMEOUT, TLS, UNKNOWN_HOST, HTTP, OTHER }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX = 300;

    private EngineErrors() {
    }

    static Kind kind(Throwable error) {
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
    static boolean closedByPeer(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("broken pipe") || message.contains("connection reset") || message.contains("remote host terminated")
                    || t instanceof java.io.EOFException || t.getClass().getSimpleName().equals("NoHttpResponseException")) {
                return true;
            }
        }
        return false;
    }

    /** One line: what went wrong, in the engine's own words when it gave any. */
    static String describe(Throwable error) {
        return clip(switch (kind(error)) {
            case NO_SOCKET -> "no such socket file";
            case REFUSED -> "connection refused";
            case PERMISSION -> "permission denied";
            case TIMEOUT -> "timed out";
            case TLS -> "TLS: " + messageOf(find(error, SSLException.class));
            case UNKNOWN_HOST -> "unknown host " + messageOf(find(error, UnknownHostException.class));
            case HTTP -> engineMessage(find(error, DockerException.class));
            case OTHER -> messageOf(innermost(error));
        });
    }

    /** What the engine said, without docker-java's "Status 404: {...}" wrapping: "No such image: x". */
    static String engineMessage(DockerException e) {
        String raw = String.valueOf(e.getMessage()).strip();
        String body = raw.replaceFirst("^Status \\d+: ", "");
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.hasNonNull("message")) {
                body = json.get("message").asText();
            }
        } catch (IOException notJson) {
            // the engine answered in plain text; keep it
        }
        return clip("HTTP " + e.getHttpStatus() + ": " + body.strip());
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
        return message.replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ", "").strip();
    }

    private static String clip(String text) {
        String line = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(text.strip());
        return line.length() <= MAX ? line : line.substring(0, MAX - 1) + "…";
    }
}
