package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.assertion.ImageConfig;
import io.crosshost.container.ContainerSpec;
import io.crosshost.scenario.Step;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the steps of one attempt of a cell do in its container, each turned into its {@link StepOutcome}: the
 * container's own process awaited (a one-step cell), execs in order up to the first that times out, or a container
 * that is never started looked at as it was created. Each step has the cell's timeout; a note says what the
 * container's limits had to do with an exit or a timeout. The container's life around the steps is
 * {@link ContainerCellRunner}'s.
 */
final class CellSteps {

    private final DockerClient client;
    private final ContainerLife life;
    private final ContainerSpec spec;
    private final String containerId;
    private final Duration timeout;
    private final long outputCapBytes;
    private final ImageConfig imageConfig;
    private final StepObservations observations;

    /** {@code imageConfig}: the configuration of the container's image, for steps that check it (else null). */
    CellSteps(DockerClient client, ContainerLife life, ContainerSpec spec, String containerId, Duration timeout,
              long outputCapBytes, ImageConfig imageConfig) {
        this.client = client;
        this.life = life;
        this.spec = spec;
        this.containerId = containerId;
        this.timeout = timeout;
        this.outputCapBytes = outputCapBytes;
        this.imageConfig = imageConfig;
        this.observations = new StepObservations(client, life.hostName());
    }

    /** A step that runs nothing: what its expectations read of the created, never started container. */
    StepOutcome unstarted(Step step) throws CellCouldNotRun, InterruptedException {
        long t0 = System.nanoTime();
        OutputCollector nothing = new OutputCollector(0, SecretMask.NONE);
        nothing.closeQuietly();
        StepObservations.Extras extras = observations.read(containerId, spec, step, false, outputCapBytes, imageConfig);
        return StepOutcome.of(step, new StepOutcome.End(null, false, null), timeout, nothing, extras, t0);
    }

    /** The cell's one step as the container's own process, started already, its output on {@code output}. */
    StepOutcome mainProcess(Step step, OutputCollector output) throws CellCouldNotRun, InterruptedException {
        long t0 = System.nanoTime();
        ExitNotes.ExitState exit = life.awaitExit(containerId, output, t0 + timeout.toNanos());
        String note;
        if (exit == null) {
            note = new ExitNotes(client).timeoutNote(spec, containerId);
            life.killAndDrain(containerId, output);
        } else {
            note = ExitNotes.exitNote(spec, exit);
        }
        output.closeQuietly();
        StepObservations.Extras extras = observations.read(containerId, spec, step, false, outputCapBytes, imageConfig);
        return StepOutcome.of(step, new StepOutcome.End(exit == null ? null : exit.code(), exit == null, note), timeout,
                output, extras, t0);
    }

    /** Runs {@code steps} as execs in order into {@code outcomes}, up to the first that times out; true when one did. */
    boolean execAll(List<Step> steps, List<StepOutcome> outcomes) throws CellCouldNotRun, InterruptedException {
        for (Step step : steps) {
            StepOutcome outcome = exec(step);
            outcomes.add(outcome);
            if (outcome.observed().timedOut()) {
                return true;
            }
        }
        return false;
    }

    private StepOutcome exec(Step step) throws CellCouldNotRun, InterruptedException {
        long t0 = System.nanoTime();
        OutputCollector output = new OutputCollector(outputCapBytes, SecretMask.of(spec));
        StepExec.Ended ended = new StepExec(client).run(containerId, spec, step.command().toArgv(), output, timeout);
        ExitNotes notes = new ExitNotes(client);
        String note;
        if (ended.timedOut()) {
            note = notes.timeoutNote(spec, containerId);
            life.kill(containerId);
        } else {
            Integer exit = ended.exitCode();
            note = exit != null && exit != 0 ? ExitNotes.exitNote(spec, notes.withContainerOom(containerId, exit)) : null;
        }
        output.closeQuietly();
        // A step out of time leaves the container to its kill: nothing more is read from it.
        StepObservations.Extras extras = ended.timedOut() ? new StepObservations.Extras(Map.of(), null, null)
                : observations.read(containerId, spec, step, true, outputCapBytes, imageConfig);
        return StepOutcome.of(step, new StepOutcome.End(ended.exitCode(), ended.timedOut(), note), timeout, output, extras, t0);
    }
}
