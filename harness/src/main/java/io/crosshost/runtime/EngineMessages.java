package io.crosshost.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The engine's own words from a docker-java error, without the Java around them. */
public final class EngineMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            if (t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException
                    || t instanceof com.github.dockerjava.api.exception.DockerClientException) {
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
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int brace = message.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode body = JSON.readTree(message.substring(brace));
                if (body.hasNonNull("message")) {
                    return body.get("message").asText();
                }
            } catch (Exception notJson) {
                // keep the message as the engine gave it
            }
        }
        // "java.net.SocketException: No such file or directory" reads better without the Java class name.
        return message.replaceFirst("^([a-z0-9_]+\\.)+[A-Za-z0-9_$]*(Exception|Error): ", "").strip();
    }
}
