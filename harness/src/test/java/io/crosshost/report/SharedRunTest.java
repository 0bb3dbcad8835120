package io.crosshost.report;

import io.crosshost.result.CellResult;
import io.crosshost.result.ResultListener;
import io.crosshost.result.RunInfo;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two parts of one launch (the engine's YAML cells, the extension's Java cells) write one run, in either order, one
 * after the other as the Platform runs engines, or overlapping: the reports and the journal hold both parts' cells.
 */
class SharedRunTest {

    @TempDir
    Path root;

    private static final CellResult YAML = SyntheticResults.cell("exec-bit", "debian-12", "docker", Status.PASS, "", "ok", "",
            SyntheticResults.T0);
    private static final CellResult JAVA = SyntheticResults.cell("process-capabilities.effective-set", "debian-12", "podman",
            Status.XFAIL, "known failure: podman", "", "", SyntheticResults.T0);

    private static void play(ResultListener part, CellResult cell, String runId) {
        RunInfo info = new RunInfo(runId, "lab", SyntheticResults.T0, List.of(cell.cellId()), null);
        part.runStarted(info);
        part.hostFacts(SyntheticResults.host(cell.host(), "20.10.24", "6.18"));
        part.cellFinished(cell);
        part.runFinished(info, false);
    }

    private void assertOneRunWithBoth(String runId) throws Exception {
        Path runDir = root.resolve(runId);
        RunResults results = ResultsFile.read(runDir.resolve(ResultsFile.RESULTS_JSON));
        assertThat(results.cells()).extracting(CellResult::cellId).containsExactlyInAnyOrder(YAML.cellId(), JAVA.cellId());
        assertThat(results.hosts()).extracting(h -> h.host()).containsExactlyInAnyOrder("docker", "podman");
        assertThat(results.run().plannedCells()).containsExactlyInAnyOrder(YAML.cellId(), JAVA.cellId());
        assertThat(ResultsFile.readJournal(runDir.resolve(ResultsFile.JOURNAL)).cells()).hasSize(2);
        assertThat(Files.readString(runDir.resolve(Reports.JUNIT_XML))).contains("crosshost.exec-bit")
                .contains("crosshost.process-capabilities_effective-set").contains("name=\"debian-12 @ podman\"");
        assertThat(Files.readString(runDir.resolve(Reports.INDEX_HTML))).contains("process-capabilities.effective-set");
        assertThat(Files.readString(runDir.resolve(Reports.SUMMARY_MD))).contains("process\\-capabilities\\.effective\\-set");
        assertThat(Files.readSymbolicLink(root.resolve(ReportListener.LATEST))).isEqualTo(Path.of(runId));
        try (var dirs = Files.list(root)) {
            assertThat(dirs.filter(Files::isDirectory).filter(d -> !Files.isSymbolicLink(d)).toList()).hasSize(1);
        }
    }

    @Test
    void theEngineFirstThenJavaCells() throws Exception {
        SharedRun run = new SharedRun(root, null);
        String id = run.runId(() -> "20261201-000000-aaaa");
        play(run.part(), YAML, id);
        assertThat(ResultsFile.read(root.resolve(id)).cells()).as("the engine's part alone is a whole report").hasSize(1);
        play(run.part(), JAVA, run.runId(() -> "never used"));
        assertOneRunWithBoth(id);
    }

    @Test
    void javaCellsFirstThenTheEngine() throws Exception {
        SharedRun run = new SharedRun(root, null);
        String id = run.runId(() -> "20261201-000000-bbbb");
        play(run.part(), JAVA, id);
        play(run.part(), YAML, run.runId(() -> "never used"));
        assertOneRunWithBoth(id);
    }

    @Test
    void overlappingPartsWriteOnceTheLastEnds() throws Exception {
        SharedRun run = new SharedRun(root, null);
        String id = run.runId(() -> "20261201-000000-cccc");
        ResultListener engine = run.part();
        ResultListener java = run.part();
        RunInfo yamlInfo = new RunInfo(id, "lab", SyntheticResults.T0, List.of(YAML.cellId()), null);
        RunInfo javaInfo = new RunInfo(id, "lab", SyntheticResults.T0, List.of(JAVA.cellId()), null);
        engine.runStarted(yamlInfo);
        java.runStarted(javaInfo);
        engine.hostFacts(SyntheticResults.host("docker", "20.10.24", "6.18"));
        java.hostFacts(SyntheticResults.host("podman", "4.3.1", "6.18"));
        engine.cellFinished(YAML);
        engine.runFinished(yamlInfo, false);
        assertThat(root.resolve(id).resolve(ResultsFile.RESULTS_JSON)).as("written only when the last part ends").doesNotExist();
        java.cellFinished(JAVA);
        java.runFinished(javaInfo, false);
        assertOneRunWithBoth(id);
    }

    @Test
    void aBaselineThatCannotBeReadStopsTheFirstPartAsTheEnginesListenerDid() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SharedRun(root, root.resolve("none/results.json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot use " + root.resolve("none/results.json") + " as the baseline");
    }
}
