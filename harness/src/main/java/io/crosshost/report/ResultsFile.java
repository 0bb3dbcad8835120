package io.crosshost.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.RunInfo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes a run's {@code results.json}, and reads back the {@code results.jsonl} journal a run leaves
 * when it stops without finishing. diff, merge and the command line load runs through here.
 */
public final class ResultsFile {

    public static final String RESULTS_JSON = "results.json";
    public static final String JOURNAL = "results.jsonl";

    private ResultsFile() {
    }

    /**
     * Reads a run from a {@code results.json}, a {@code results.jsonl} journal, or a run directory (its results.json,
     * or its journal when the run never finished). Content that is not a Crosshost run is an IOException naming
     * the file.
     */
    public static RunResults read(Path path) throws IOException {
        Path file = path;
        if (Files.isDirectory(path)) {
            file = Files.exists(path.resolve(RESULTS_JSON)) ? path.resolve(RESULTS_JSON) : path.resolve(JOURNAL);
        }
        if (!Files.exists(file)) {
            throw new IOException(file + ": no such file; give a run directory or its results.json");
        }
        try {
            if (file.getFileName().toString().endsWith(".jsonl")) {
                return readJournal(file);
            }
            JsonNode doc = ResultsJson.MAPPER.readTree(file.toFile());
            return ResultsJson.readDocument(doc);
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeException e) {
            throw new IOException(file + ": not a Crosshost results file: " + e.getMessage(), e);
        }
    }

    /** Writes {@code results.json} to {@code target} atomically. */
    public static void write(RunResults results, Path target) throws IOException {
        AtomicFiles.write(target, toJson(results));
    }

    public static String toJson(RunResults results) {
        try {
            return ResultsJson.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(ResultsJson.document(results)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rebuilds a run from its journal. A line cut short by a crash is the last one written and is ignored; a cell
     * journalled twice (a retried report) keeps its last result.
     */
    static RunResults readJournal(Path journal) throws IOException {
        RunInfo run = null;
        Instant finishedAt = null;
        boolean interrupted = false;
        Map<String, HostFacts> hosts = new LinkedHashMap<>();
        Map<String, ImageFacts> images = new LinkedHashMap<>();
        Map<String, CellResult> cells = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            String line;
            JsonProcessingException cutShort = null;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (cutShort != null) {
                    // Only the last line can be cut by a crash; a bad line followed by more is damage.
                    throw new IOException(journal + ": line " + (number - 1) + " is not JSON: "
                            + cutShort.getOriginalMessage(), cutShort);
                }
                JsonNode entry;
                try {
                    entry = ResultsJson.MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    cutShort = e;
                    continue;
                }
                switch (entry.path("type").asText()) {
                    case "run" -> run = ResultsJson.readRun(entry.path("run"));
                    case "host" -> {
                        HostFacts h = ResultsJson.readHost(entry.path("host"));
                        hosts.put(h.host(), h);
                    }
                    case "image" -> {
                        ImageFacts i = ResultsJson.readImage(entry.path("image"));
                        images.put(i.image() + "@" + i.host(), i);
                    }
                    case "cell" -> {
                        CellResult c = ResultsJson.readCell(entry.path("cell"));
                        cells.put(c.cellId(), c);
                    }
                    case "finished" -> {
                        finishedAt = Instant.parse(entry.path("finishedAt").asText());
                        interrupted = entry.path("interrupted").asBoolean();
                    }
                    default -> {
                        // A newer harness's entry: skip it rather than refuse the whole journal.
                    }
                }
            }
        }
        if (run == null) {
            throw new IOException(journal + ": the journal has no run entry; it is not a Crosshost run journal");
        }
        return new RunResults(run, finishedAt, interrupted, new ArrayList<>(hosts.values()),
                new ArrayList<>(images.values()), List.copyOf(cells.values()));
    }
}
