package io.crosshost.engine;

import com.github.dockerjava.api.model.Container;
import io.crosshost.lab.LabHosts;
import io.crosshost.result.CellResult;
import io.crosshost.result.ResultListener;
import io.crosshost.result.Status;
import io.crosshost.runtime.RunContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The whole engine on the real lab through the JUnit Platform Launcher: the faccessat2 cell fails exactly on
 * the legacy host for glibc >= 2.33, and XFAIL, XPASS, SKIP and ERROR each appear where the fixture matrix puts
 * them; none of the run's containers is left on any host afterwards.
 */
class EngineGridIT {

    private static final Map<String, CellResult> results = new ConcurrentHashMap<>();
    private static TestExecutionSummary summary;
    private static volatile String runId;

    @BeforeAll
    static void runTheFixtureMatrixOnTheLab() {
        LauncherDiscoveryRequest request = request()
                .configurationParameter(CrosshostConfiguration.MATRIX, Fixtures.gridMatrix().toString())
                .build();
        SummaryGeneratingListener junit = new SummaryGeneratingListener();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getStore().put(CrosshostTestEngine.STORE, CrosshostTestEngine.LISTENERS_KEY,
                    List.<ResultListener>of(new ResultListener() {
                        @Override
                        public void runStarted(io.crosshost.result.RunInfo run) {
                            runId = run.runId();
                        }

                        @Override
                        public void cellFinished(CellResult result) {
                            results.put(result.cellId(), result);
                        }
                    }));
            session.getLauncher().execute(request, junit);
        }
        summary = junit.getSummary();
    }

    @Test
    void theGridIsTheLabsRealGrid() {
        Map<String, Status> grid = new TreeMap<>();
        results.values().forEach(r -> grid.put(r.cellId(), r.status()));

        Map<String, Status> expected = new TreeMap<>();
        for (String image : List.of("debian-11", "debian-13")) {
            for (String host : List.of("docker", "docker-legacy", "podman")) {
                expected.put("exec-bit/" + image + "@" + host, Status.PASS);
                expected.put("known-legacy/" + image + "@" + host, Status.PASS);
                expected.put("two-steps/" + image + "@" + host, Status.PASS);
            }
            for (String scenario : List.of("exec-bit", "known-legacy", "two-steps")) {
                expected.put(scenario + "/" + image + "@gone", Status.ERROR);
            }
        }
        expected.put("exec-bit/debian-13@docker-legacy", Status.FAIL);
        expected.put("exec-bit/debian-11@podman", Status.SKIP);
        expected.put("known-legacy/debian-13@docker-legacy", Status.XFAIL);
        expected.put("known-legacy/debian-11@docker", Status.XPASS);

        assertThat(grid).containsExactlyEntriesOf(expected);
    }

    @Test
    void aFailedCellSaysWhyInAssertJsWords() {
        CellResult failed = results.get("exec-bit/debian-13@docker-legacy");

        assertThat(failed.message())
                .contains("exec-bit / debian-13 @ docker-legacy: exit code")
                .contains("Expecting actual:")
                .contains("1");
        assertThat(failed.exitCode()).isEqualTo(1);
        // The reproducer carries what the cell's container was created with: the matrix's limits and the run's labels.
        assertThat(failed.reproducer())
                .startsWith("docker -H unix:///run/crosshost-lab/docker-legacy.sock run --rm --network none --memory 536870912 "
                        + "--memory-swap 536870912 --pids-limit 1024 --log-driver none --label crosshost.run=")
                .contains(" --label crosshost.cell=exec-bit/debian-13@docker-legacy --label crosshost.owner=")
                .endsWith(" crosshost.test/debian:13 sh -c 'bash -c '\\''[ -x /bin/sh ] && echo ok'\\'''");
        CellResult error = results.get("exec-bit/debian-13@gone");
        assertThat(error.message()).contains("gone").contains("/run/crosshost-test/no-such-engine.sock");
    }

    @Test
    void junitSeesEachCellAsATest() {
        assertThat(summary.getTestsFoundCount()).isEqualTo(24);
        assertThat(summary.getTestsSkippedCount()).isEqualTo(1);
        // FAIL, XPASS and the six ERROR cells of the unreachable host
        assertThat(summary.getTestsFailedCount()).isEqualTo(8);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(15);
    }

    @Test
    void aFinishedRunLeavesNoContainerOnAnyHost() {
        for (LabHosts.LabHost host : LabHosts.HOSTS) {
            List<Container> left = LabHosts.connect(host).listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(RunContext.LABEL_RUN, runId)).exec();
            assertThat(left).as("containers of this run left on %s", host.name()).isEmpty();
        }
    }
}
