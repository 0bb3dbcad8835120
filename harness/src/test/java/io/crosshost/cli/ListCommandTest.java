package io.crosshost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code crosshost list --json}: the plan as harness/bench/bench.py reads it (no host is contacted). */
class ListCommandTest {

    private static final Path BENCH = Path.of("bench").toAbsolutePath();
    private static final Path GRID = Path.of("src/test/resources/fixtures/grid/matrices/lab-grid.yaml").toAbsolutePath();

    @Test
    void theBenchMatrixAsJson() throws Exception {
        Cli.Result r = Cli.run("list", "--json", "--matrix", BENCH.resolve("matrix.yaml").toString(),
                "--scenarios", BENCH.resolve("scenarios").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("matrix").asText()).isEqualTo("bench");
        JsonNode cells = doc.path("cells");
        assertThat(cells.size()).isEqualTo(240);

        JsonNode first = cells.get(0);
        assertThat(first.path("id").asText()).isEqualTo("cd-pwd/debian-11@docker");
        assertThat(first.path("scenario").asText()).isEqualTo("cd-pwd");
        assertThat(first.path("image").path("name").asText()).isEqualTo("debian-11");
        assertThat(first.path("image").path("reference").asText()).isEqualTo("crosshost.test/debian:11");
        assertThat(first.path("image").path("pull").asText()).isEqualTo("never");
        assertThat(first.path("host").path("name").asText()).isEqualTo("docker");
        assertThat(first.path("host").path("endpoint").asText()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(first.path("host").path("concurrency").asInt()).isEqualTo(2);
        assertThat(strings(first.path("command"))).containsExactly("sh", "-c", "cd /tmp && pwd");
        JsonNode step = first.path("steps").get(0);
        assertThat(first.path("steps").size()).isOne();
        assertThat(step.path("shell").asText()).isEqualTo("cd /tmp && pwd");
        assertThat(strings(step.path("argv"))).containsExactly("sh", "-c", "cd /tmp && pwd");
        assertThat(step.path("exitCodes").toString()).isEqualTo("[0]");
        assertThat(strings(step.path("stdoutContains"))).containsExactly("/tmp");
        assertThat(first.path("skipReason").isNull()).isTrue();
        assertThat(first.path("knownFailure").isNull()).isTrue();

        // Plan order: scenario, then image, then host, as the text listing gives it.
        Cli.Result text = Cli.run("list", "--matrix", BENCH.resolve("matrix.yaml").toString(),
                "--scenarios", BENCH.resolve("scenarios").toString());
        List<String> ids = new ArrayList<>();
        cells.forEach(c -> ids.add(c.path("id").asText()));
        assertThat(text.out().lines().limit(240).toList()).isEqualTo(ids);
        assertThat(ids.get(1)).isEqualTo("cd-pwd/debian-11@docker-legacy");
        assertThat(ids.get(3)).isEqualTo("cd-pwd/debian-12@docker");
        for (JsonNode c : cells) {
            assertThat(c.path("host").path("endpoint").asText()).as(c.path("id").asText()).startsWith("unix:///");
            assertThat(c.path("steps").get(0).path("stdoutContains").size()).as(c.path("id").asText()).isOne();
        }
    }

    @Test
    void skipsAndKnownFailuresAsJson() throws Exception {
        Cli.Result r = Cli.run("list", "--json", "-m", GRID.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode cells = new ObjectMapper().readTree(r.out()).path("cells");
        Cli.Result text = Cli.run("list", "-m", GRID.toString());
        assertThat(cells.size()).isEqualTo(24);
        long skips = text.out().lines().filter(l -> l.contains("  SKIP: ")).count();
        long known = text.out().lines().filter(l -> l.contains("  known failure: ")).count();
        int jsonSkips = 0;
        int jsonKnown = 0;
        for (JsonNode c : cells) {
            jsonSkips += c.path("skipReason").isTextual() ? 1 : 0;
            // the text shows a known failure only on a cell that is not skipped
            jsonKnown += c.path("knownFailure").isObject() && !c.path("skipReason").isTextual() ? 1 : 0;
            if (c.path("knownFailure").isObject()) {
                assertThat(c.path("knownFailure").path("reason").asText()).isNotBlank();
            }
        }
        assertThat(jsonSkips).isEqualTo(skips);
        assertThat(jsonKnown).isEqualTo(known);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
