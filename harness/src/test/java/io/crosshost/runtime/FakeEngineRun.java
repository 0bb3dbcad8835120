package io.crosshost.runtime;

import io.crosshost.TestModel;
import io.crosshost.fake.FakeEngine;
import io.crosshost.host.HostSessions;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.ResultListener;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link MatrixRunner} on a {@link FakeEngine}, opened through the harness's real host path, with every result the
 * listener heard and everything the run printed on stderr (where the harness tells a person about hosts and leftovers).
 */
final class FakeEngineRun implements AutoCloseable {

    final RunContext context = RunContext.start(Defaults.STANDARD);
    final List<PlannedCell> plan;
    final MatrixRunner runner;
    private final Map<String, CellResult> heard = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream originalErr = System.err;

    /** Every scenario (id to shell command) on every image, in that order, on one host of the engine. */
    FakeEngineRun(HostSpec host, Map<String, String> scenarios, List<String> images) {
        List<PlannedCell> cells = new ArrayList<>();
        for (String image : images) {
            scenarios.forEach((id, shell) -> cells.add(new PlannedCell(new Cell(TestModel.scenario(id, shell), TestModel.image(image), host),
                    Optional.empty(), Optional.empty())));
        }
        this.plan = List.copyOf(cells);
        ResultListener listener = new ResultListener() {
            @Override
            public void cellFinished(CellResult result) {
                heard.put(result.cellId(), result);
            }
        };
        this.runner = new MatrixRunner(context, plan, h -> HostSessions.open(h, io.crosshost.host.HostSettings.defaults()), listener);
        System.setErr(new PrintStream(new TeeStream(originalErr, stderr), true, StandardCharsets.UTF_8));
    }

    /** What the engine's shutdown hook does on SIGINT or SIGTERM (CrosshostEngineDescriptor.stopOnShutdown). */
    void stopAsOnSignal() {
        runner.stop();
        runner.awaitAll();
        runner.close();
    }

    /** The request to the fake belongs to this run's cells (not to an image-facts probe, which has a run of its own). */
    boolean ofThisRun(FakeEngine.Seen request) {
        return request.body().contains("\"" + RunContext.LABEL_RUN + "\":\"" + context.runId() + "\"");
    }

    Map<String, CellResult> results() {
        return Map.copyOf(heard);
    }

    String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            runner.close();
        } finally {
            System.setErr(originalErr);
        }
    }

    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
