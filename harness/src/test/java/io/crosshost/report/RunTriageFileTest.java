package io.crosshost.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosshost.result.RunTriage;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The triage file a run's triage leaves, and {@link Reports#rewrite} putting it into every report of the run. */
class RunTriageFileTest {

    @TempDir
    Path dir;

    /** A finished run's directory under {@code dir/reports}, its reports written as a run writes them. */
    private Path finishedRun(RunResults run) throws IOException {
        Path runDir = dir.resolve("reports").resolve(run.run().runId());
        Reports.writeAll(run, runDir, null, null, 0);
        return runDir;
    }

    @Test
    void writtenTriageReadsBackEqualFromTheTriageFolder() throws IOException {
        RunResults run = SyntheticResults.allStatuses();
        RunTriage triage = SyntheticResults.triageOf(run, SyntheticResults.HOSTILE);

        RunTriageFile.write(dir, triage);

        assertThat(RunTriageFile.of(dir)).isEqualTo(dir.resolve("triage/run-triage.json")).isNotEmptyFile();
        assertThat(RunTriageFile.read(dir)).contains(triage);
        try (var files = Files.list(dir.resolve("triage"))) {
            assertThat(files).as("no temporary file left beside it").hasSize(1);
        }
    }

    @Test
    void aRunNeverTriagedHasNoTriageAndABrokenFileIsNamed() throws IOException {
        assertThat(RunTriageFile.read(dir)).isEmpty();

        Files.createDirectories(dir.resolve("triage"));
        Files.writeString(RunTriageFile.of(dir), "{\"cells\": [");
        assertThatThrownBy(() -> RunTriageFile.read(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(RunTriageFile.of(dir).toString()).hasMessageContaining("triage --all");
        Files.writeString(RunTriageFile.of(dir), "null");
        assertThatThrownBy(() -> RunTriageFile.read(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("holds no triage");
    }

    @Test
    void rewritePutsTheTriageIntoEveryReport() throws Exception {
        RunResults run = SyntheticResults.allStatuses();
        Path runDir = finishedRun(run);
        RunTriage triage = SyntheticResults.triageOf(run, SyntheticResults.HOSTILE);
        assertThat(Files.readString(runDir.resolve("summary.md"))).doesNotContain("## Triage");

        RunTriageFile.write(runDir, triage);
        Reports.rewrite(runDir);

        ResultsFileTest.assertValid(runDir.resolve("results.json"));
        RunResults read = ResultsFile.read(runDir);
        assertThat(read.triage()).isEqualTo(triage);
        assertThat(read.cells()).hasSameSizeAs(run.cells());
        assertThat(Files.readString(runDir.resolve("summary.md")))
                .contains("## Triage", "triage: 19 reruns and 8 probe containers in 32\\.9 s");
        JunitXmlWriterTest.assertValidAgainstJenkinsXsd(runDir.resolve("junit.xml"));
        assertThat(Files.readString(runDir.resolve("junit.xml"))).contains("triage: SECCOMP: faccessat2 (EPERM)");
        JsonNode page = ResultsJson.MAPPER.readTree(Jsoup.parse(runDir.resolve("index.html").toFile(), "UTF-8")
                .getElementById("crosshost-data").data());
        assertThat(page.path("triage").path("cost").asText())
                .isEqualTo("triage: 19 reruns and 8 probe containers in 32.9 s");
    }

    @Test
    void rewriteWithoutATriageFileKeepsTheTriageResultsJsonCarries() throws IOException {
        RunResults run = SyntheticResults.allStatuses();
        RunTriage triage = SyntheticResults.triageOf(run, "x");
        Path runDir = finishedRun(run.withTriage(triage));

        Reports.rewrite(runDir);

        assertThat(ResultsFile.read(runDir).triage()).isEqualTo(triage);
    }

    @Test
    void rewriteRefusesAnotherRunsTriage() throws IOException {
        RunResults run = SyntheticResults.allStatuses();
        Path runDir = finishedRun(run);
        RunTriage other = SyntheticResults.triageOf(run, "x");
        RunTriageFile.write(runDir, new RunTriage("last-week", other.cells(), other.causes(), 1, 1, 1.0));
        String before = Files.readString(runDir.resolve("results.json"));

        assertThatThrownBy(() -> Reports.rewrite(runDir)).isInstanceOf(IOException.class)
                .hasMessageContaining("triage of run last-week, not of " + run.run().runId());
        assertThat(Files.readString(runDir.resolve("results.json"))).isEqualTo(before);
    }

    @Test
    void rewriteKeepsTheBaselineDiffWhenGivenOne() throws IOException {
        RunResults before = SyntheticResults.ofSize(20);
        var changed = before.cells().stream().map(c -> c.cellId().endsWith("debian-11@docker")
                ? SyntheticResults.withStatus(c, io.crosshost.result.Status.FAIL) : c).toList();
        RunResults now = SyntheticResults.withCells(before, "tonight", SyntheticResults.T0.plusSeconds(86_400),
                changed, before.hosts(), before.images());
        Path baseline = finishedRun(before);
        Path runDir = finishedRun(now);
        RunTriageFile.write(runDir, SyntheticResults.triageOf(now, "x"));

        Reports.rewrite(runDir, baseline);

        assertThat(Files.readString(runDir.resolve("summary.md")))
                .contains("## Triage", "## Compared with baseline `synthetic-20`");
    }

    @Test
    void aResultsJsonFromBeforeTriageStillReadsAndValidates() throws IOException {
        RunResults run = SyntheticResults.ofSize(60);
        ObjectNode old = ResultsJson.document(run);
        old.remove("triage");
        Path file = dir.resolve("results.json");
        Files.writeString(file, ResultsJson.MAPPER.writeValueAsString(old));

        ResultsFileTest.assertValid(file);
        RunResults read = ResultsFile.read(file);
        assertThat(read.triage()).isNull();
        assertThat(read).isEqualTo(run);
    }
}
