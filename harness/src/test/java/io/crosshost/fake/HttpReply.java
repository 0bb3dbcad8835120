package io.crosshost.fake;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes responses the way dockerd does: JSON and plain bodies with a Content-Length on a kept-alive connection;
 * a wait's result in one chunk after headers sent at once; attach and exec streams as raw bytes after the headers,
 * ended by closing the connection (dockerd hijacks it), each frame behind its 8-byte header.
 */
final class HttpReply {

    static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream out;

    HttpReply(OutputStream out) {
        this.out = out;
    }

    void json(int status, Object body) throws IOException {
        bytes(status, "application/json", JSON.writeValueAsBytes(body));
    }

    void error(int status, String message) throws IOException {
        json(status, java.util.Map.of("message", message));
    }

    void empty(int status) throws IOException {
        head(status, "Content-Length: 0\r\n");
        out.flush();
    }

    void bytes(int status, String contentType, byte[] body) throws IOException {
        head(status, "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n");
        out.write(body);
        out.flush();
    }

    /** Headers now, the body later in chunks: what a wait looks like until its container exits. */
    void startChunked(String contentType) throws IOException {
        head(200, "Content-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n");
        out.flush();
    }

    void chunk(byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    void endChunks() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Headers of a multiplexed stream with no length: its body ends when the connection is closed. */
    void startRawStream() throws IOException {
        head(200, "Content-Type: application/vnd.docker.raw-stream\r\nConnection: close\r\n");
        out.flush();
    }

    /** One frame: stream type (1 stdout, 2 stderr), three zero bytes, the payload's length big-endian, the payload. */
    void frame(int stream, byte[] payload) throws IOException {
        if (payload.length == 0) {
            return;
        }
        int n = payload.length;
        out.write(new byte[]{(byte) stream, 0, 0, 0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        out.write(payload);
        out.flush();
    }

    private void head(int status, String headers) throws IOException {
        String text = "HTTP/1.1 " + status + " " + reason(status) + "\r\nApi-Version: 1.41\r\nServer: crosshost-fake-engine\r\n" + headers + "\r\n";
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
