package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.container.CellContainerSpecs;
import io.crosshost.container.ContainerSpec;
import io.crosshost.matrix.Defaults;
import io.crosshost.pinpoint.ProbeContainers.ProbeOutput;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a short probe of the harness's own (an image's facts, later a host's syscalls or capabilities) in a fresh
 * container of an image on one host and hands back what it printed. A probe is not a cell: it has no scenario and
 * no expectations, only a purpose, which labels its container so that a stop or the next run's sweep removes it
 * like any cell's.
 */
public final class ProbeRunner {

    private static final long OUTPUT_CAP_BYTES = 4L * 1024 * 1024;

    private final DockerClient client;
    private final String hostName;
    private final RunContext run;

    public ProbeRunner(DockerClient client, String hostName, RunContext run) {
        this.client = client;
        this.hostName = hostName;
        this.run = run;
    }

    /** The spec of a probe's container: root, no network, the matrix's limits, labelled with the run and the purpose. */
    public ContainerSpec specOf(String purpose, String image, List<String> argv) {
        Defaults d = run.defaults();
        Map<String, String> labels = run.labels("probe:" + purpose);
        return new ContainerSpec(image, argv, "0", null, Map.of(), Set.of(), Defaults.NETWORK_NONE, false, false, false,
                d.memoryBytes(), d.memoryBytes(), d.pidsLimit(), List.of(), List.of(), List.of(), Map.of(), List.of(),
                CellContainerSpecs.LOG_DRIVER, labels, null, null);
    }

    /** Runs the probe's container to its end (or its timeout: {@link ProbeOutput#timedOut()}) and removes it. */
    public ProbeOutput run(ContainerSpec spec, Duration timeout) throws CellCouldNotRun, InterruptedException {
        return run(spec, timeout, null).output();
    }

    /** What a probe printed and the bytes of the one file it was asked to leave behind (null when it left none). */
    public record ProbeWithFile(ProbeOutput output, byte[] file) {
    }

    /**
     * Runs the probe and then reads the file {@code path} that it wrote, from the stopped container, through the
     * archive API: a probe's binary result (a tar of an image's files) does not survive a text stream.
     */
    public ProbeWithFile run(ContainerSpec spec, Duration timeout, String path) throws CellCouldNotRun, InterruptedException {
        ContainerLife life = new ContainerLife(client, hostName);
        ContainerRemover remover = new ContainerRemover(client, hostName, false);
        String id = life.create(spec);
        OutputCollector output = null;
        try {
            output = life.attach(id, OUTPUT_CAP_BYTES, SecretMask.NONE);
            life.start(id);
            ExitNotes.ExitState exit = life.awaitExit(id, output, System.nanoTime() + timeout.toNanos());
            if (exit == null) {
                life.killAndDrain(id, output);
            }
            output.closeQuietly();
            String stdout = output.stdout().text();
            String stderr = output.stderr().text();
            ProbeOutput printed = exit == null || exit.code() == null ? ProbeOutput.timedOut(stdout, stderr)
                    : new ProbeOutput(exit.code(), stdout, stderr);
            byte[] file = path == null || !printed.ok() ? null : new ContainerFiles(client, hostName).bytes(id, path);
            return new ProbeWithFile(printed, file);
        } catch (RuntimeException e) {
            String why = EngineMessages.of(e);
            throw new CellCouldNotRun("host " + hostName + " failed while running the " + spec.labels().get(RunContext.LABEL_CELL)
                    + " container: " + why, why);
        } finally {
            if (output != null) {
                output.closeQuietly();
            }
            remover.removeNow(id);
        }
    }
}
