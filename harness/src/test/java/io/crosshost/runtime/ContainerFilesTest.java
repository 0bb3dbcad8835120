package io.crosshost.runtime;

import io.crosshost.TestModel;
import io.crosshost.container.CliTarget;
import io.crosshost.fake.Api;
import io.crosshost.fake.Fault;
import io.crosshost.fake.FakeEngine;
import io.crosshost.fake.FakeProcess;
import io.crosshost.host.HostConnection;
import io.crosshost.host.HostConnector;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import io.crosshost.scenario.Command;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.Isolation;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Scenario;
import io.crosshost.scenario.SourceLocation;
import io.crosshost.scenario.Step;
import io.crosshost.scenario.TextExpectation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file an expectation needs is read through the archive API: only the engine's "no such file" is a file that is
 * absent (the cell FAILs on it); any other answer is the host failing, and the cell is an ERROR naming that answer.
 * Before, every failure of the read was "absent".
 */
class ContainerFilesTest {

    private FakeEngine engine;
    private HostSpec host;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        engine = FakeEngine.start(dir);
        host = engine.host("fake", 1);
        engine.script(argv -> FakeProcess.exits(0).writing("/etc/motd", "hello"));
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    @Test
    void aFileThereIsReadAndChecked() throws Exception {
        CellResult result = run("/etc/motd");

        assertThat(result.status()).as(result.message()).isEqualTo(Status.PASS);
    }

    @Test
    void aFileTheEngineSaysIsNotThereIsAbsentAndTheCellFails() throws Exception {
        CellResult result = run("/etc/nothing-here");

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.message()).contains("/etc/nothing-here");
    }

    @Test
    void aHostThatFailsToGiveTheFileMakesAnErrorNamingItsAnswer() throws Exception {
        engine.fault(Api.CONTAINER_ARCHIVE, Fault.failing(500, "error while reading the layer: input/output error"));

        CellResult result = run("/etc/motd");

        assertThat(result.status()).isEqualTo(Status.ERROR);
        assertThat(result.message()).isEqualTo("host fake failed to give the file /etc/motd that an expectation needs: "
                + "error while reading the layer: input/output error");
    }

    private CellResult run(String path) throws Exception {
        SourceLocation at = SourceLocation.of(Path.of("files.yaml"));
        Expectations expect = new Expectations(Set.of(0), TextExpectation.NONE, TextExpectation.NONE,
                List.of(new FileExpectation(path, true, List.of("hello"))));
        Scenario scenario = new Scenario("files", "files", null, Set.of(), List.of(),
                List.of(new Step("run", Command.shell("true"), expect, at)), RunOptions.DEFAULT, 0, Isolation.FRESH, List.of(), at);
        try (HostConnection connection = HostConnector.connect(host, Duration.ofSeconds(60))) {
            CellExecutor executor = new CellExecutor(new ContainerCellRunner(connection.client(), RunContext.start(Defaults.STANDARD),
                    UnaryOperator.identity()), new CliTarget(connection.resolvedEndpoint(), null, false), 0);
            return executor.execute(new PlannedCell(new Cell(scenario, TestModel.image("busybox"), host), Optional.empty(),
                    Optional.empty()), "sha256:fake");
        }
    }
}
