package io.crosshost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Triage's verdicts from real reruns on the lab, for a capability and a scenario problem. The seccomp verdict (the
 * profile and the C library, ranked together) is asserted on the lab catalog's faccessat2 cell in PinpointIT, whose
 * triage of that cell is the same work: one triage instead of two (31 s of CI).
 */
class TriageIT {

    private static final Path MATRIX = Path.of("src/test/resources/fixtures/triage/matrices/triage.yaml").toAbsolutePath();

    @TempDir
    static Path reports;

    @BeforeAll
    static void runTheTriageMatrix() {
        Cli.Result run = Cli.run("run", "-m", MATRIX.toString(), "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    }

    private static JsonNode triage(String cell) throws Exception {
        Cli.Result result = Cli.run("triage", cell, "-m", MATRIX.toString(), "--results", reports.resolve("latest").toString());
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        Path written = reports.resolve("latest/triage").resolve(cell.replace('/', '_') + ".json");
        assertThat(written).exists();
        return new ObjectMapper().readTree(Files.readString(written));
    }

    @Test
    void chownWithoutTheCapabilityIsCapabilities() throws Exception {
        JsonNode report = triage("chown-without-cap/debian-13@docker");

        assertThat(report.at("/verdict/component").asText()).isEqualTo("CAPABILITIES");
        assertThat(report.at("/verdict/summary").asText()).startsWith("passes with cap_drop [CHOWN] removed");
    }

    @Test
    void aScenarioThatFailsEverywhereIsTheScenarioOrImageNotAHost() throws Exception {
        JsonNode report = triage("always-fails/debian-11@docker-legacy");

        assertThat(report.at("/verdict/component").asText()).isEqualTo("SCENARIO_OR_IMAGE");
    }
}
