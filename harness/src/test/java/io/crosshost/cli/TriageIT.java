package io.crosshost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Triage's verdicts from real reruns on the lab, for a seccomp, a capability and a scenario problem. */
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
    void faccessat2OnTheLegacyHostIsTheSeccompProfileAndTheCLibrary() throws Exception {
        JsonNode report = triage("exec-bit/debian-13@docker-legacy");

        assertThat(report.at("/verdict/component").asText()).isEqualTo("SECCOMP");
        assertThat(report.at("/verdict/summary").asText())
                .startsWith("passes with seccomp=unconfined and on host docker; fails only under docker-legacy's seccomp profile")
                .contains("glibc 2.41");
        assertThat(report.at("/reruns/0/status").asText()).isEqualTo("FAIL");
        // The profile and the C library separate this grid equally well (it is their combination that fails:
        // the profile blocks, and only glibc >= 2.33 asks for faccessat2), so both share the top rank.
        double top = report.at("/facts/0/separation").asDouble();
        List<String> topFacts = new java.util.ArrayList<>();
        report.get("facts").forEach(f -> {
            if (f.get("separation").asDouble() == top) {
                topFacts.add(f.get("fact").asText());
            }
        });
        assertThat(top).isGreaterThan(0.5);
        assertThat(topFacts).contains("seccomp profile", "C library");
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
