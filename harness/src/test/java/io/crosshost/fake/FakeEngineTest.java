package io.crosshost.fake;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.model.Container;
import io.crosshost.TestModel;
import io.crosshost.host.HostConnection;
import io.crosshost.host.HostConnector;
import io.crosshost.host.HostSessions;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;
import io.crosshost.runtime.CellExecutor;
import io.crosshost.runtime.ContainerCellRunner;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fake engine, driven through the harness's own client code: what a unit test of the runner relies on. */
class FakeEngineTest {

    @TempDir
    Path dir;
    private FakeEngine engine;
    private HostSpec host;

    @BeforeEach
    void start() throws Exception {
        engine = FakeEngine.start(dir);
        host = engine.host("fake", 1);
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    @Test
    void theHarnessOpensItAsADockerHostAndReadsItsFacts() {
        try (HostSession session = HostSessions.open(host, io.crosshost.host.HostSettings.defaults())) {
            HostFacts facts = session.facts();

            assertThat(facts.reachable()).as(facts.error()).isTrue();
            assertThat(facts.engine()).isEqualTo("Docker");
            assertThat(facts.engineVersion()).isEqualTo("20.10.24-fake");
            assertThat(facts.apiVersion()).isEqualTo("1.41");
            assertThat(facts.kernel()).isEqualTo(SystemRoutes.KERNEL);
            assertThat(facts.runtime()).isEqualTo("runc");
            assertThat(facts.seccompProfile()).isEqualTo("default");

            ImageFacts image = session.prepareImage(TestModel.image("busybox"), RunContext.start(Defaults.STANDARD));
            assertThat(image.error()).isNull();
            assertThat(image.imageId()).isEqualTo(SystemRoutes.imageId("crosshost.test/busybox:latest"));
        }
        assertThat(engine.containers()).as("the facts probe's container is removed").isEmpty();
    }

    @Test
    void aCellRunsItsScriptedProcessAndItsContainerIsRemoved() throws Exception {
        engine.script(argv -> argv.get(argv.size() - 1).equals("cat /etc/motd")
                ? FakeProcess.exits(0).printing("hello from the fake\n", "a warning\n").writing("/etc/motd", "hello")
                : FakeProcess.exits(3));

        CellResult ok = runCell("motd", "cat /etc/motd");
        CellResult failing = runCell("three", "exit 3");

        assertThat(ok.status()).as(ok.message()).isEqualTo(Status.PASS);
        assertThat(ok.steps().get(0).stdout().text()).isEqualTo("hello from the fake\n");
        assertThat(ok.steps().get(0).stderr().text()).isEqualTo("a warning\n");
        assertThat(failing.status()).isEqualTo(Status.FAIL);
        assertThat(failing.steps().get(0).exitCode()).isEqualTo(3);
        assertThat(engine.created()).extracting(FakeContainer::cmd)
                .containsExactly(List.of("sh", "-c", "cat /etc/motd"), List.of("sh", "-c", "exit 3"));
        assertThat(engine.created().get(0).labels()).containsEntry(RunContext.LABEL_CELL, "motd/busybox@fake");
        assertThat(engine.containers()).isEmpty();
        assertThat(engine.removed()).hasSize(2);
    }

    @Test
    void aProcessThatOutlivesItsTimeoutIsKilled() throws Exception {
        engine.script(argv -> FakeProcess.exits(0).lasting(Duration.ofMinutes(5)));
        var options = new io.crosshost.scenario.RunOptions(null, null, Map.of(), java.util.Set.of(), Duration.ofMillis(300),
                null, List.of(), List.of(), List.of(), false, false, null, null);

        CellResult result = runCell(TestModel.scenario("slow", "sleep 300", options, java.util.Set.of()));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.steps().get(0).timedOut()).isTrue();
        assertThat(engine.requests()).extracting(FakeEngine.Seen::api).contains(Api.CONTAINER_KILL, Api.CONTAINER_STATS);
        assertThat(engine.containers()).isEmpty();
    }

    @Test
    void anInjectedFailureIsTheEnginesAnswerAndDoesNoWork() throws Exception {
        engine.fault(Api.CONTAINER_CREATE, Fault.failing(500, "no space left on device"));

        CellResult result = runCell("any", "true");

        assertThat(result.status()).isEqualTo(Status.ERROR);
        assertThat(result.message()).isEqualTo("create failed on host fake: no space left on device");
        assertThat(engine.created()).isEmpty();
    }

    @Test
    void listingFiltersByLabelAndShowsStoppedContainersOnlyWithAll() {
        try (HostConnection connection = HostConnector.connect(host, java.time.Duration.ofSeconds(60))) {
            DockerClient client = connection.client();
            String mine = client.createContainerCmd("crosshost.test/busybox:latest").withCmd("true")
                    .withLabels(Map.of(RunContext.LABEL_RUN, "r1")).exec().getId();
            client.createContainerCmd("crosshost.test/busybox:latest").withCmd("true")
                    .withLabels(Map.of(RunContext.LABEL_RUN, "r2")).exec();

            List<Container> running = client.listContainersCmd().withLabelFilter(Map.of(RunContext.LABEL_RUN, "r1")).exec();
            List<Container> all = client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RunContext.LABEL_RUN, "r1")).exec();
            List<Container> labelled = client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(RunContext.LABEL_RUN)).exec();

            assertThat(running).isEmpty();
            assertThat(all).extracting(Container::getId).containsExactly(mine);
            assertThat(all.get(0).getState()).isEqualTo("created");
            assertThat(labelled).hasSize(2);
            assertThatThrownBy(() -> client.removeContainerCmd("nope").exec()).hasMessageContaining("No such container: nope");
        }
    }

    /** What the runner's stop has to live with: dockerd finishes a create whose client gave up on it. */
    @Test
    void aSlowCreateIsDoneEvenWhenItsClientWasInterrupted() throws Exception {
        engine.fault(Api.CONTAINER_CREATE, Fault.slow(Duration.ofMillis(500)));
        try (HostConnection connection = HostConnector.connect(host, java.time.Duration.ofSeconds(60))) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread creator = new Thread(() -> {
                try {
                    connection.client().createContainerCmd("crosshost.test/busybox:latest").withCmd("true").exec();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            creator.start();
            assertThat(engine.awaitRequests(r -> r.api() == Api.CONTAINER_CREATE, 1, Duration.ofSeconds(5))).isTrue();
            creator.interrupt();
            creator.join(5000);

            assertThat(failure.get()).as("the client's side of the create").isNotNull()
                    .hasRootCauseInstanceOf(java.nio.channels.ClosedByInterruptException.class);
            assertThat(engine.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(engine.containers()).hasSize(1).allSatisfy(c -> assertThat(c.state()).isEqualTo(FakeContainer.State.CREATED));
        }
    }

    @Test
    void aSilentEngineIsCaughtByThePingDeadline() {
        engine.fault(Api.PING, Fault.silent());
        try (HostConnection connection = HostConnector.connect(host, java.time.Duration.ofSeconds(60))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> HostConnector.ping(connection, Duration.ofMillis(300)))
                    .hasMessageContaining("did not answer a ping within");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void anInternalErrorReachesDockerJavaAsOne() {
        engine.fault(Api.CONTAINER_INSPECT, Fault.failing(500, "boom"));
        try (HostConnection connection = HostConnector.connect(host, java.time.Duration.ofSeconds(60))) {
            assertThatThrownBy(() -> connection.client().inspectContainerCmd("x").exec())
                    .isInstanceOf(InternalServerErrorException.class).hasMessageContaining("boom");
        }
    }

    private CellResult runCell(String id, String shell) throws Exception {
        return runCell(TestModel.scenario(id, shell));
    }

    private CellResult runCell(io.crosshost.scenario.Scenario scenario) throws Exception {
        try (HostConnection connection = HostConnector.connect(host, java.time.Duration.ofSeconds(60))) {
            RunContext run = RunContext.start(Defaults.STANDARD);
            CellExecutor executor = new CellExecutor(new ContainerCellRunner(connection.client(), run, java.util.function.UnaryOperator.identity()),
                    new io.crosshost.container.CliTarget(connection.resolvedEndpoint(), null, false), 0);
            return executor.execute(new PlannedCell(new Cell(scenario, TestModel.image("busybox"), host), Optional.empty(),
                    Optional.empty()), "sha256:fake");
        }
    }
}
