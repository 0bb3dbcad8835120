package io.crosshost.report;

import io.crosshost.engine.CrosshostConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, the path Surefire takes: no command line, only the engine with {@code crosshost.reports} set. A report
 * that cannot be written fails the engine's root node (which Surefire reports as an error of the run), rather than
 * a line on stderr that nobody reads. No Docker: the one cell's host has no engine, so it ends as ERROR at once.
 */
class ReportFailureInTheEngineTest {

    private static final Path GRID = Path.of("src/test/resources/fixtures/grid/matrices/lab-grid.yaml").toAbsolutePath();

    private static EngineExecutionResults run(Path reports) {
        return EngineTestKit.engine("crosshost")
                .configurationParameter(CrosshostConfiguration.MATRIX, GRID.toString())
                .configurationParameter(CrosshostConfiguration.SCENARIOS, "exec-bit")
                .configurationParameter(CrosshostConfiguration.HOSTS, "gone")
                .configurationParameter(CrosshostConfiguration.IMAGES, "debian-11")
                .configurationParameter(CrosshostConfiguration.REPORTS, reports.toString())
                .execute();
    }

    private static TestExecutionResult engineResult(EngineExecutionResults results) {
        Event finished = results.containerEvents().finished().list().stream()
                .filter(e -> e.getTestDescriptor().getParent().isEmpty()).findFirst().orElseThrow();
        return finished.getRequiredPayload(TestExecutionResult.class);
    }

    @Test
    void aReportThatCannotBeWrittenFailsTheEngineNodeWithTheFileAndTheCause(@TempDir Path reports) throws Exception {
        Files.createDirectories(reports.resolve("latest/someone's files"));

        EngineExecutionResults results = run(reports);

        assertThat(results.testEvents().finished().count()).as("the cell still ran and was reported").isEqualTo(1);
        TestExecutionResult engine = engineResult(results);
        assertThat(engine.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(engine.getThrowable()).hasValueSatisfying(t -> assertThat(t.getMessage())
                .startsWith("could not point " + reports.resolve("latest") + " at ").contains(": Is a directory"));
    }

    @Test
    void reportsThatAreWrittenLeaveTheEngineNodeSuccessful(@TempDir Path reports) {
        EngineExecutionResults results = run(reports);

        assertThat(engineResult(results).getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(reports.resolve("latest/index.html")).isNotEmptyFile();
    }
}
