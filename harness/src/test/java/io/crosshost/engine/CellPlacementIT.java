package io.crosshost.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.crosshost.lab.LabHosts;
import io.crosshost.runtime.RunContext;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * A cell assigned to host B runs on host B: while the run goes, each daemon is asked which crosshost cells
 * it holds, and every cell is seen on its own host's daemon and on no other. This is what one docker-java
 * client per host buys over Testcontainers' single global client (testcontainers-java#237).
 */
class CellPlacementIT {

    private static final Path MATRIX = Path.of("src/test/resources/fixtures/placement/matrices/placement.yaml").toAbsolutePath();

    @Test
    void eachCellIsSeenOnItsOwnHostsDaemonOnly() throws Exception {
        Map<String, DockerClient> daemons = new HashMap<>();
        LabHosts.HOSTS.forEach(h -> daemons.put(h.name(), LabHosts.connect(h)));
        Map<String, Set<String>> seen = new HashMap<>();
        daemons.keySet().forEach(h -> seen.put(h, new HashSet<>()));

        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> LauncherFactory.create().execute(
                request().configurationParameter(CrosshostConfiguration.MATRIX, MATRIX.toString()).build(), summary));
        while (!run.isDone()) {
            daemons.forEach((host, client) -> {
                List<Container> cells = client.listContainersCmd().withLabelFilter(List.of(RunContext.LABEL_CELL)).exec();
                cells.stream().map(c -> c.getLabels().get(RunContext.LABEL_CELL)).filter(id -> id.startsWith("linger/"))
                        .forEach(seen.get(host)::add);
            });
            Thread.sleep(200);
        }
        run.get();

        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(3);
        assertThat(seen).containsOnly(
                Map.entry("docker", Set.of("linger/busybox@docker")),
                Map.entry("docker-legacy", Set.of("linger/busybox@docker-legacy")),
                Map.entry("podman", Set.of("linger/busybox@podman")));
    }
}
