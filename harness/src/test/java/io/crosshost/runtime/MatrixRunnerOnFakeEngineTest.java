package io.crosshost.runtime;

import io.crosshost.fake.FakeContainer;
import io.crosshost.fake.FakeEngine;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner's whole lifecycle on the fake engine: open, facts, images, cells created ahead and removed behind. */
class MatrixRunnerOnFakeEngineTest {

    @Test
    void aSmallMatrixRunsToAllPassAndLeavesNoContainer(@TempDir Path dir) throws Exception {
        Map<String, String> scenarios = new LinkedHashMap<>();
        scenarios.put("greets", "echo hello");
        scenarios.put("sleeps", "sleep 0.2");
        scenarios.put("exits", "exit 0");
        try (FakeEngine engine = FakeEngine.start(dir);
             FakeEngineRun run = new FakeEngineRun(engine.host("fake", 2), scenarios, List.of("busybox", "debian-12"))) {
            run.runner.start();
            for (var cell : run.plan) {
                run.runner.result(cell.id()).get(30, TimeUnit.SECONDS);
            }
            run.runner.awaitAll();
            run.runner.close();

            assertThat(run.results()).hasSize(6).allSatisfy((id, r) -> assertThat(r.status()).as(id + ": " + r.message()).isEqualTo(Status.PASS));
            assertThat(run.results().get("greets/busybox@fake").steps().get(0).stdout().text()).isEqualTo("hello\n");
            List<FakeContainer> cells = engine.created().stream()
                    .filter(c -> run.context.runId().equals(c.labels().get(RunContext.LABEL_RUN)))
                    // An image's probes (facts, packages) run once per image id ever, so only a cold cache sees them.
                    .filter(c -> !c.labels().get(RunContext.LABEL_CELL).startsWith("probe:")).toList();
            assertThat(cells).extracting(c -> c.labels().get(RunContext.LABEL_CELL))
                    .containsExactlyInAnyOrderElementsOf(run.plan.stream().map(p -> p.id()).toList());
            assertThat(engine.containers()).isEmpty();
            assertThat(run.stderr()).isEmpty();
        }
    }

    static boolean notRunBecauseStopped(CellResult r) {
        return r.status() == Status.SKIP && r.message().startsWith("not run: the run was stopped");
    }
}
