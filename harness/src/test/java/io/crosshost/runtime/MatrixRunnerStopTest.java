package io.crosshost.runtime;

import io.crosshost.fake.Api;
import io.crosshost.fake.FakeEngine;
import io.crosshost.fake.Fault;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop (SIGINT or SIGTERM: the engine's shutdown hook calls stop, awaitAll, close) in the middle of a request, on
 * the fake engine: nothing of the run stays on the host, and a stop is never taken for a host that stopped answering.
 */
class MatrixRunnerStopTest {

    /** Generous: a first test in a fresh JVM on a loaded 2-core machine took 10 s to open the fake host. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private FakeEngine engine;

    @BeforeEach
    void start() throws Exception {
        engine = FakeEngine.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    /** Three cells of five seconds, one at a time: while the first runs, the second's container is created ahead. */
    private FakeEngineRun longCells(int concurrency) {
        Map<String, String> scenarios = new LinkedHashMap<>();
        scenarios.put("first", "sleep 5");
        scenarios.put("second", "sleep 5");
        scenarios.put("third", "sleep 5");
        return new FakeEngineRun(engine.host("fake", concurrency), scenarios, List.of("busybox"));
    }

    @Test
    void aStopWhileAContainerIsCreatedAheadLeavesNoContainer() throws Exception {
        engine.fault(Api.CONTAINER_CREATE, Fault.slow(Duration.ofMillis(800)));
        try (FakeEngineRun run = longCells(1)) {
            run.runner.start();
            // The first cell's own create, then the second's, made ahead while the first runs: the stop lands in it.
            assertThat(engine.awaitRequests(r -> r.api() == Api.CONTAINER_CREATE && run.ofThisRun(r), 2, WAIT)).isTrue();

            run.stopAsOnSignal();

            assertThat(engine.awaitIdle(WAIT)).isTrue();
            assertThat(engine.containers()).as("containers left on the host").isEmpty();
            assertThat(run.results()).hasSize(3).allSatisfy((id, r) -> assertThat(r.message()).as(id).startsWith("not run: the run was stopped"));
        }
    }

    @Test
    void aStopWhileACellCreatesItsOwnContainerLeavesNoContainer() throws Exception {
        // Only the first cell's create is slow: the second's, made ahead meanwhile, is done when the stop comes, so
        // nothing in flight on the creator's thread holds the close back while the engine finishes the first.
        engine.fault(Api.CONTAINER_CREATE, r -> r.body().contains("first/busybox@fake"), Fault.slow(Duration.ofSeconds(1)));
        try (FakeEngineRun run = longCells(1)) {
            run.runner.start();
            assertThat(engine.awaitRequests(r -> r.api() == Api.CONTAINER_CREATE && r.body().contains("second/busybox@fake"), 1, WAIT))
                    .isTrue();
            Thread.sleep(100);

            run.stopAsOnSignal();

            assertThat(engine.awaitIdle(WAIT)).isTrue();
            assertThat(engine.containers()).as("containers left on the host").isEmpty();
            assertThat(engine.created()).as("the first cell's container, and the second's made ahead").hasSizeGreaterThanOrEqualTo(2);
            assertThat(run.results()).hasSize(3).allSatisfy((id, r) -> assertThat(r.message()).as(id).startsWith("not run: the run was stopped"));
            assertThat(run.stderr()).doesNotContain("stopped answering");
        }
    }

    @Test
    void aStopInTheMiddleOfARequestIsNotAHostThatStoppedAnswering() throws Exception {
        engine.fault(Api.CONTAINER_START, Fault.slow(Duration.ofSeconds(1)));
        try (FakeEngineRun run = longCells(1)) {
            run.runner.start();
            assertThat(engine.awaitRequests(r -> r.api() == Api.CONTAINER_START, 1, WAIT)).isTrue();

            run.stopAsOnSignal();

            Map<String, CellResult> results = run.results();
            assertThat(results).hasSize(3);
            assertThat(results.values()).allSatisfy(r -> assertThat(r.message()).doesNotContain("stopped answering", "ClosedByInterrupt"));
            assertThat(results.get("first/busybox@fake")).satisfies(r -> {
                assertThat(r.status()).isEqualTo(Status.SKIP);
                assertThat(r.message()).isEqualTo(MatrixRunner.NOT_RUN_INTERRUPTED);
            });
            assertThat(run.stderr()).doesNotContain("stopped answering", "ClosedByInterrupt");
            assertThat(engine.awaitIdle(WAIT)).isTrue();
            assertThat(engine.containers()).as("the first cell's container and the second's, created ahead").isEmpty();
        }
    }

    /**
     * One slot, two images: while the first image's cell runs, the second's container waits ahead for its image, whose
     * preparation is queued behind that cell; the stop drops it. The run's end waited 30 s for the creator (measured
     * on the lab: SIGINT's run ended 33 s after the signal).
     */
    @Test
    void aStopEndsTheRunAtOnceWhileAContainerAheadWaitsForItsImage() throws Exception {
        Map<String, String> scenarios = Map.of("long", "sleep 5");
        try (FakeEngineRun run = new FakeEngineRun(engine.host("fake", 1), scenarios, List.of("busybox", "debian-12"))) {
            run.runner.start();
            assertThat(engine.awaitRequests(r -> r.api() == Api.CONTAINER_START, 1, WAIT)).isTrue();
            long t0 = System.nanoTime();

            run.stopAsOnSignal();

            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("from the stop to the run's end").isLessThan(Duration.ofSeconds(5));
            assertThat(run.results()).hasSize(2).allSatisfy((id, r) -> assertThat(r.message()).as(id).startsWith("not run: the run was stopped"));
            assertThat(engine.awaitIdle(WAIT)).isTrue();
            assertThat(engine.containers()).isEmpty();
        }
    }

    @Test
    void aStopWhileTheImageIsInspectedIsNotAnError() throws Exception {
        engine.fault(Api.IMAGE_INSPECT, Fault.slow(Duration.ofSeconds(1)));
        try (FakeEngineRun run = longCells(2)) {
            run.runner.start();
            assertThat(engine.awaitRequests(r -> r.api() == Api.IMAGE_INSPECT, 1, WAIT)).isTrue();

            run.stopAsOnSignal();

            assertThat(run.results()).hasSize(3).allSatisfy((id, r) -> {
                assertThat(r.status()).as(id + ": " + r.message()).isEqualTo(Status.SKIP);
                assertThat(r.message()).as(id).startsWith("not run: the run was stopped");
            });
            assertThat(run.stderr()).doesNotContain("stopped answering", "ClosedByInterrupt");
        }
    }
}
