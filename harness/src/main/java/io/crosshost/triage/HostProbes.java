package io.crosshost.triage;

import io.crosshost.container.ContainerSpec;
import io.crosshost.pinpoint.ProbeContainers;
import io.crosshost.runtime.CellCouldNotRun;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.ProbeRunner;
import io.crosshost.runtime.RunContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Pinpoint's probe containers on one host and image, through the runtime's {@link ProbeRunner}: labelled with the
 * triage's run (so a stop or the next run's sweep removes them), no network, removed at once. A container the engine
 * could not run answers as the docker CLI does, exit 127 with the engine's words on stderr.
 */
final class HostProbes implements ProbeContainers {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final ProbeRunner probes;
    private final String image;
    private final String purpose;
    private int count;

    HostProbes(HostSession session, String hostName, RunContext run, String image, String purpose) {
        this.probes = new ProbeRunner(session.client(), hostName, run);
        this.image = image;
        this.purpose = purpose;
    }

    @Override
    public ProbeOutput run(List<String> command, List<String> securityOpts, List<String> capAdd) throws InterruptedException {
        return run(command, s -> s.with(b -> {
            b.securityOpt = new ArrayList<>(securityOpts);
            b.capAdd = new ArrayList<>(capAdd);
        }));
    }

    /** A probe whose container spec is changed the way a cell's would be (its capabilities, say). */
    ProbeOutput run(List<String> command, java.util.function.UnaryOperator<ContainerSpec> change) throws InterruptedException {
        ContainerSpec spec = change.apply(probes.specOf(purpose, image, command));
        try {
            return probes.run(spec, TIMEOUT);
        } catch (CellCouldNotRun e) {
            return new ProbeOutput(127, "", e.engineMessage());
        } finally {
            count++;
        }
    }

    /** Runs a probe that leaves a file behind and returns the file's bytes, or null when it failed. */
    byte[] runForFile(List<String> command, String path) throws InterruptedException {
        try {
            ProbeRunner.ProbeWithFile out = probes.run(probes.specOf(purpose, image, command), TIMEOUT, path);
            return out.file();
        } catch (CellCouldNotRun e) {
            return null;
        } finally {
            count++;
        }
    }

    int count() {
        return count;
    }

}
