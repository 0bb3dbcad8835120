package io.crosshost.jupiter;

import io.crosshost.jupiter.fixtures.PlacementCells;
import io.crosshost.report.ReportListener;
import io.crosshost.report.Reports;
import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One JUnit Platform launch with the Crosshost engine (a YAML scenario) and Jupiter (a Java cell) on the lab, the
 * engine's report listener on: one run directory holds both cells, in results.json, junit.xml, index.html and
 * summary.md, and both parts' containers carried the one run's label.
 */
class OneReportIT {

    @Test
    void yamlAndJavaCellsOfOneLaunchAreOneReport(@TempDir Path reports) throws Exception {
        Path lab = Path.of(System.getProperty("crosshost.root", ".."), "scenarios/matrices/lab.yaml").toAbsolutePath();
        JupiterLaunch launch = JupiterLaunch.run(Map.of("crosshost.matrix", lab.toString(),
                        "crosshost.scenarios", "hostname,placement-cells.where-it-runs",
                        "crosshost.hosts", "docker", "crosshost.images", "debian-12",
                        "crosshost.reports", reports.toString()),
                List.of("junit-jupiter", "crosshost"), PlacementCells.class);

        assertThat(launch.summary().getFailures()).extracting(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException())
                .isEmpty();
        assertThat(launch.runs()).as("each part announces its start").hasSize(2)
                .extracting(r -> r.runId()).as("one run id for both parts").containsOnly(launch.runs().get(0).runId());
        String runId = launch.runs().get(0).runId();
        assertThat(Files.readSymbolicLink(reports.resolve(ReportListener.LATEST))).isEqualTo(Path.of(runId));
        try (var dirs = Files.list(reports)) {
            assertThat(dirs.filter(d -> Files.isDirectory(d) && !Files.isSymbolicLink(d)).toList()).hasSize(1);
        }
        Path run = reports.resolve(runId);
        RunResults results = ResultsFile.read(run.resolve(ResultsFile.RESULTS_JSON));
        assertThat(results.finished()).isTrue();
        assertThat(results.cells()).extracting(CellResult::cellId, CellResult::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("hostname/debian-12@docker", Status.PASS),
                org.assertj.core.groups.Tuple.tuple("placement-cells.where-it-runs/debian-12@docker", Status.PASS));
        assertThat(results.run().plannedCells()).containsExactlyInAnyOrder("hostname/debian-12@docker",
                "placement-cells.where-it-runs/debian-12@docker");
        assertThat(results.hosts()).extracting(h -> h.host()).containsExactly("docker");
        assertThat(results.images()).extracting(i -> i.image() + "@" + i.host()).containsExactly("debian-12@docker");
        CellResult java = results.cells().stream().filter(c -> c.scenario().startsWith("placement")).findFirst().orElseThrow();
        assertThat(java.reproducer()).startsWith("docker -H unix:///var/run/docker.sock run");
        assertThat(java.steps()).hasSize(3);
        assertThat(Files.readString(run.resolve(Reports.JUNIT_XML))).contains("crosshost.hostname").contains("placement-cells");
        assertThat(Files.readString(run.resolve(Reports.INDEX_HTML))).contains("placement-cells.where-it-runs/debian-12@docker");
        assertThat(Files.readString(run.resolve(Reports.SUMMARY_MD))).contains("2 cells");
        CrosshostExtensionIT.assertNothingLeft(runId);
    }
}
