package io.crosshost.engine;

import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code isolation: shared} runs cells as execs in one container per host and image; the default, fresh, gives
 * every cell its own container, so a fresh scenario never sees what a shared one left behind.
 */
class IsolationIT {

    private static final Path MATRIX = Path.of("src/test/resources/fixtures/isolation/matrices/isolation.yaml").toAbsolutePath();

    @Test
    void sharedCellsShareAContainerAndFreshCellsDoNot() {
        Map<String, CellResult> results = EngineRuns.cells(Map.of(CrosshostConfiguration.MATRIX, MATRIX.toString()));

        for (String host : List.of("docker", "podman")) {
            CellResult writer = results.get("a-shared-writer/debian-13@" + host);
            CellResult reader = results.get("b-shared-reader/debian-13@" + host);
            CellResult fresh = results.get("c-fresh-reader/debian-13@" + host);
            assertThat(List.of(writer.status(), reader.status(), fresh.status())).as(host).containsOnly(Status.PASS);
            assertThat(reader.containerId()).as("shared cells on %s run in one container", host).isEqualTo(writer.containerId());
            assertThat(fresh.containerId()).isNotEqualTo(writer.containerId());
            System.out.printf("%s: shared cell %d ms, fresh cell %d ms%n", host, reader.duration().toMillis(), fresh.duration().toMillis());
        }
    }
}
