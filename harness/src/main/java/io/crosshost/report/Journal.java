package io.crosshost.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The run's journal, {@code results.jsonl}: one JSON object a line, flushed as each is written, so that when the
 * JVM dies mid-run every finished cell is still on disk and {@link ResultsFile#read} can rebuild the run.
 * Flushed to the OS, not fsync'd: that survives a crashed or killed JVM, which is the case that happens; an fsync
 * per cell would cost more than it saves.
 */
final class Journal implements Closeable {

    private final BufferedWriter out;

    Journal(Path file) throws IOException {
        // A run id used again starts its journal again: one journal never mixes two runs.
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    void append(String type, String field, ObjectNode value) throws IOException {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("type", type);
        entry.set(field, value);
        write(entry);
    }

    void write(ObjectNode entry) throws IOException {
        String line;
        try {
            // Compact JSON never holds a raw newline (JSON escapes them in strings), so one entry is one line.
            line = ResultsJson.MAPPER.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
        out.write(line);
        out.write('\n');
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
