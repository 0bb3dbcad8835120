package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.TestModel;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.ResultListener;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MatrixRunnerTest {

    /**
     * Whoever waits on a cell's result (the engine, which then finishes the reports) must find the listener already
     * told: the cells of a host that is down finish the moment it is opened, and used to race the end of the run.
     */
    @Test
    void theListenerHearsOfACellBeforeItsResultIsReady() throws Exception {
        HostSpec host = TestModel.host("gone");
        List<PlannedCell> plan = List.of(planned("a", host), planned("b", host));
        Set<String> heard = ConcurrentHashMap.newKeySet();
        ResultListener slow = new ResultListener() {
            @Override
            public void cellFinished(CellResult result) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                heard.add(result.cellId());
            }
        };
        try (MatrixRunner runner = new MatrixRunner(RunContext.start(Defaults.STANDARD), plan, h -> new Down(h), slow)) {
            runner.start();
            for (PlannedCell cell : plan) {
                CellResult result = runner.result(cell.id()).get(10, TimeUnit.SECONDS);

                assertThat(heard).contains(cell.id());
                assertThat(result.status()).isEqualTo(Status.ERROR);
                assertThat(result.message()).isEqualTo("host gone: no engine answers at unix:///run/gone.sock");
            }
        }
    }

    private static PlannedCell planned(String scenario, HostSpec host) {
        return new PlannedCell(new Cell(TestModel.scenario(scenario, "true"), TestModel.image("busybox"), host), Optional.empty(),
                Optional.empty());
    }

    private record Down(HostSpec host) implements HostSession {

        @Override
        public HostFacts facts() {
            return HostFacts.unreachable(host.name(), endpoint(), "host " + host.name() + ": no engine answers at " + endpoint());
        }

        @Override
        public DockerClient client() {
            throw new IllegalStateException("down");
        }

        @Override
        public String endpoint() {
            return host.endpoint().uri();
        }

        @Override
        public Path tlsCertDir() {
            return null;
        }

        @Override
        public ImageFacts prepareImage(ImageSpec image, RunContext run) {
            throw new IllegalStateException("down");
        }

        @Override
        public void close() {
        }
    }
}
