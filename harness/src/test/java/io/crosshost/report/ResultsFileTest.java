package io.crosshost.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultsFileTest {

    @TempDir
    Path dir;

    static JsonSchema schema() throws IOException {
        try (InputStream in = ResultsFileTest.class.getResourceAsStream("/io/crosshost/report/results.schema.json")) {
            assertThat(in).as("results.schema.json on the main classpath").isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static void assertValid(Path resultsJson) throws IOException {
        JsonNode doc = ResultsJson.MAPPER.readTree(resultsJson.toFile());
        Set<ValidationMessage> errors = schema().validate(doc);
        assertThat(errors).as("schema violations in " + resultsJson).isEmpty();
    }

    @Test
    void writtenFileIsValidAgainstTheSchemaAndReadsBackEqual() throws IOException {
        RunResults run = SyntheticResults.ofSize(60);
        Path file = dir.resolve("results.json");

        ResultsFile.write(run, file);

        assertValid(file);
        assertThat(ResultsFile.read(file)).isEqualTo(run);
        assertThat(ResultsFile.read(dir)).as("a run directory reads as its results.json").isEqualTo(run);
    }

    @Test
    void hostileOutputStaysValidJsonAndSurvivesTheRoundTrip() throws IOException {
        RunResults run = SyntheticResults.allStatuses();
        Path file = dir.resolve("results.json");

        ResultsFile.write(run, file);

        assertValid(file);
        RunResults back = ResultsFile.read(file);
        assertThat(back.cells()).hasSameSizeAs(run.cells());
        CellResult fail = back.cells().stream().filter(c -> c.status() == Status.FAIL).findFirst().orElseThrow();
        assertThat(fail.message()).contains(SyntheticResults.HOSTILE);
        assertThat(fail.steps().get(1).stdout().text()).hasSize(SyntheticResults.MIB).endsWith("END");
        // Half a surrogate pair cannot be encoded; it becomes U+FFFD, and the rest of the text is kept.
        CellResult error = back.cells().stream().filter(c -> c.status() == Status.ERROR).findFirst().orElseThrow();
        assertThat(error.message()).contains("\uFFFD lone high, lone low \uFFFD end").doesNotContain("\uD800");
        assertThat(back.counts()).isEqualTo(run.counts());
    }

    @Test
    void documentCarriesVersionRunAndCounts() throws IOException {
        RunResults run = SyntheticResults.allStatuses();
        JsonNode doc = ResultsJson.MAPPER.readTree(ResultsFile.toJson(run));

        assertThat(doc.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(doc.path("run").path("id").asText()).isEqualTo("2025-11-20T0200Z-ab12");
        assertThat(doc.path("run").path("finishedAt").asText()).isEqualTo("2025-11-20T02:01:30Z");
        assertThat(doc.path("counts").size()).isEqualTo(Status.values().length);
        JsonNode cell = doc.path("cells").get(1);
        assertThat(cell.path("durationMs").asLong()).isEqualTo(612);
        assertThat(cell.path("steps").get(1).path("stderr").path("droppedBytes").isNumber()).isTrue();
        assertThat(cell.path("exitCode").asInt()).isEqualTo(1);
    }

    @Test
    void aTriageIsInTheSchemaAndSurvivesTheRoundTrip() throws IOException {
        RunResults plain = SyntheticResults.ofSize(60);
        RunResults run = plain.withTriage(SyntheticResults.triageOf(plain, SyntheticResults.HOSTILE));
        Path file = dir.resolve("results.json");

        ResultsFile.write(run, file);

        assertValid(file);
        assertThat(ResultsFile.read(file)).isEqualTo(run);
        JsonNode doc = ResultsJson.MAPPER.readTree(file.toFile());
        assertThat(doc.path("schemaVersion").asInt()).as("an added optional field keeps the version").isEqualTo(1);
        assertThat(doc.path("triage").path("causes").get(0).path("cellIds")).isNotEmpty();
        assertThat(doc.path("triage").path("seconds").asDouble()).isEqualTo(32.9);
        // Without a triage the field is there, and null.
        assertThat(ResultsJson.MAPPER.readTree(ResultsFile.toJson(plain)).get("triage").isNull()).isTrue();
    }

    @Test
    void theSchemaRejectsATriageThatIsNotOne() throws IOException {
        ObjectNode doc = ResultsJson.document(SyntheticResults.ofSize(5));
        doc.putObject("triage").put("runId", "r").putArray("cells").addObject().put("cellId", "x");

        assertThat(schema().validate(doc)).isNotEmpty();
    }

    @Test
    void theSchemaRejectsWhatIsNotAResultsFile() throws IOException {
        JsonNode wrong = ResultsJson.MAPPER.readTree("{\"schemaVersion\": 2, \"run\": {}, \"cells\": [{\"status\": \"MAYBE\"}]}");
        assertThat(schema().validate(wrong)).isNotEmpty();
    }

    @Test
    void readingSomethingElseNamesTheFile() throws IOException {
        Path file = dir.resolve("other.json");
        Files.writeString(file, "{\"schemaVersion\": 7}");
        assertThatThrownBy(() -> ResultsFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> ResultsFile.read(dir.resolve("missing.json"))).isInstanceOf(IOException.class)
                .hasMessageContaining("missing.json");
    }

    @Test
    void aJournalCutMidLineByACrashStillReadsItsFinishedCells() throws IOException {
        RunResults run = SyntheticResults.ofSize(5);
        Path root = dir.resolve("reports");
        ReportListener listener = new ReportListener(root);
        listener.runStarted(run.run());
        run.hosts().forEach(listener::hostFacts);
        run.cells().subList(0, 3).forEach(listener::cellFinished);
        Path journal = root.resolve(run.run().runId()).resolve(ResultsFile.JOURNAL);
        // The JVM died while writing the fourth cell.
        Files.writeString(journal, "{\"type\":\"cell\",\"cell\":{\"id\":\"scen", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        RunResults recovered = ResultsFile.read(root.resolve(run.run().runId()));

        assertThat(recovered.finished()).isFalse();
        assertThat(recovered.cells()).containsExactlyElementsOf(run.cells().subList(0, 3));
        assertThat(recovered.hosts()).isEqualTo(run.hosts());
        assertThat(Files.exists(root.resolve(run.run().runId()).resolve(ResultsFile.RESULTS_JSON))).isFalse();
        assertThat(Files.readAllLines(journal)).hasSize(1 + run.hosts().size() + 3 + 1);
    }

    @Test
    void aBadLineInTheMiddleOfAJournalIsDamageNotACrash() throws IOException {
        Path journal = dir.resolve(ResultsFile.JOURNAL);
        Files.writeString(journal, "{\"type\":\"run\",\"run\":{\"id\":\"r\",\"plannedCells\":[]}}\n{broken\n"
                + "{\"type\":\"finished\",\"finishedAt\":\"2025-11-20T02:00:00Z\",\"interrupted\":false}\n");

        assertThatThrownBy(() -> ResultsFile.read(journal)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 2 is not JSON");
    }

    @Test
    void reportsCanBeRenderedFromARecoveredJournal() throws IOException {
        RunResults run = SyntheticResults.allStatuses();
        Path root = dir.resolve("reports");
        ReportListener listener = new ReportListener(root);
        listener.runStarted(run.run());
        run.cells().forEach(listener::cellFinished);

        RunResults recovered = ResultsFile.read(root.resolve(run.run().runId()).resolve(ResultsFile.JOURNAL));
        Reports.writeAll(recovered, dir.resolve("re-rendered"), null, null, 0);

        assertValid(dir.resolve("re-rendered").resolve("results.json"));
        assertThat(ResultsFile.read(dir.resolve("re-rendered")).cells()).hasSize(run.cells().size());
        assertThat(Files.readString(dir.resolve("re-rendered").resolve("summary.md"))).contains("did not finish");
        assertThat(List.of("junit.xml", "index.html")).allSatisfy(
                f -> assertThat(dir.resolve("re-rendered").resolve(f)).isNotEmptyFile());
    }
}
