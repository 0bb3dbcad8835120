package io.crosshost.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statuses each cell had in the earlier runs under the reports root, oldest first, so the HTML can show a
 * cell's recent past next to it. Earlier results.json files can be large (captured output), so only ids and
 * statuses are streamed out of them.
 */
record History(List<PastRun> runs, Map<String, List<Status>> byCell) {

    record PastRun(String id, Instant startedAt, Map<String, Status> statuses) {
    }

    static final History EMPTY = new History(List.of(), Map.of());

    /** The statuses of {@code cellId}, one per run in {@link #runs()} order, null where the cell was not run. */
    List<Status> of(String cellId) {
        return byCell.getOrDefault(cellId, List.of());
    }

    /**
     * Reads up to {@code depth} runs under {@code root} that started before {@code before} (all when null), other
     * than {@code currentRunId}. An unreadable run is left out: history is a hint, and one broken directory must
     * not cost tonight's report.
     */
    static History load(Path root, String currentRunId, Instant before, int depth) {
        if (depth <= 0 || root == null || !Files.isDirectory(root)) {
            return EMPTY;
        }
        List<PastRun> runs = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                // reports/latest is a link to a run that is also listed under its own name.
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                        || dir.getFileName().toString().equals(currentRunId)) {
                    continue;
                }
                PastRun run = read(dir);
                if (run != null && run.startedAt() != null && (before == null || run.startedAt().isBefore(before))) {
                    runs.add(run);
                }
            }
        } catch (IOException e) {
            return EMPTY;
        }
        runs.sort(Comparator.comparing(PastRun::startedAt));
        List<PastRun> recent = runs.subList(Math.max(0, runs.size() - depth), runs.size());
        Map<String, List<Status>> byCell = new HashMap<>();
        for (int i = 0; i < recent.size(); i++) {
            for (Map.Entry<String, Status> cell : recent.get(i).statuses().entrySet()) {
                List<Status> statuses = byCell.computeIfAbsent(cell.getKey(), k -> {
                    List<Status> empty = new ArrayList<>();
                    for (int j = 0; j < recent.size(); j++) {
                        empty.add(null);
                    }
                    return empty;
                });
                statuses.set(i, cell.getValue());
            }
        }
        return new History(List.copyOf(recent), byCell);
    }

    private static PastRun read(Path dir) {
        try {
            Path json = dir.resolve(ResultsFile.RESULTS_JSON);
            if (Files.isRegularFile(json)) {
                return stream(json);
            }
            if (Files.isRegularFile(dir.resolve(ResultsFile.JOURNAL))) {
                RunResults crashed = ResultsFile.readJournal(dir.resolve(ResultsFile.JOURNAL));
                Map<String, Status> statuses = new HashMap<>();
                for (CellResult cell : crashed.cells()) {
                    statuses.put(cell.cellId(), cell.status());
                }
                return new PastRun(crashed.run().runId(), crashed.run().startedAt(), statuses);
            }
        } catch (IOException | RuntimeException e) {
            // Not a run we can read; see load().
        }
        return null;
    }

    private static PastRun stream(Path json) throws IOException {
        String id = null;
        Instant startedAt = null;
        Map<String, Status> statuses = new HashMap<>();
        try (JsonParser p = ResultsJson.MAPPER.getFactory().createParser(json.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("run")) {
                    com.fasterxml.jackson.databind.JsonNode run = ResultsJson.MAPPER.readTree(p);
                    id = run.path("id").asText(null);
                    String started = run.path("startedAt").asText(null);
                    startedAt = started == null ? null : Instant.parse(started);
                } else if (field.equals("cells") && p.currentToken() == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        readCell(p, statuses);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return id == null ? null : new PastRun(id, startedAt, statuses);
    }

    private static void readCell(JsonParser p, Map<String, Status> statuses) throws IOException {
        String id = null;
        String status = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("id")) {
                id = p.getValueAsString();
            } else if (field.equals("status")) {
                status = p.getValueAsString();
            } else {
                p.skipChildren();
            }
        }
        if (id != null && status != null) {
            statuses.put(id, Status.valueOf(status));
        }
    }
}
