package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import io.crosshost.assertion.ImageConfig;
import io.crosshost.container.ContainerSpec;
import io.crosshost.matrix.Cell;
import io.crosshost.scenario.Isolation;
import io.crosshost.scenario.Step;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Runs one attempt of a cell on one host, in the container its {@link ContainerSpec} describes: a one-step cell's
 * command is the container's own process (the cheapest path: one create, one start, one inspect); the steps of a
 * multi-step cell run as execs in one kept-alive container; an {@code isolation: shared} cell's steps run as execs
 * in a container the host keeps for its create-time options. This class decides which path a cell takes and leads
 * its container's life on it (created, maybe ahead; started; removed); what the steps do in it is
 * {@link CellSteps}', and the container's calls, the execs, the files and the notes on limits each have a class of
 * their own.
 */
public final class ContainerCellRunner {

    static final List<String> KEEP_ALIVE = List.of("sh", "-c", "while :; do sleep 3600; done");

    private final DockerClient client;
    private final RunContext run;
    private final UnaryOperator<ContainerSpec> specChange;
    private final SharedContainers shared;
    private final ContainerRemover remover;
    private final ContainersAhead ahead;
    private final byte[] filesBeforeStart;

    /**
     * A runner for a run: shared scenarios use the host's shared containers; fresh ones may have been prepared
     * {@code ahead}, and are removed by {@code remover}.
     */
    ContainerCellRunner(DockerClient client, RunContext run, SharedContainers shared, ContainerRemover remover,
                        ContainersAhead ahead) {
        this(client, run, UnaryOperator.identity(), shared, remover, ahead, null);
    }

    /** A runner that changes every cell's spec the same way, each cell in a fresh container removed at once (triage). */
    public ContainerCellRunner(DockerClient client, RunContext run, UnaryOperator<ContainerSpec> specChange) {
        this(client, run, specChange, null);
    }

    /**
     * The same, and each container gets the entries of {@code filesBeforeStart} (a tar, extracted at /) between its
     * create and its start: a hybrid image (triage's "P with F's version of these packages") needs no image build.
     */
    public ContainerCellRunner(DockerClient client, RunContext run, UnaryOperator<ContainerSpec> specChange, byte[] filesBeforeStart) {
        this(client, run, specChange, null, new ContainerRemover(client, "triage", false), null, filesBeforeStart);
    }

    private ContainerCellRunner(DockerClient client, RunContext run, UnaryOperator<ContainerSpec> specChange, SharedContainers shared,
                                ContainerRemover remover, ContainersAhead ahead, byte[] filesBeforeStart) {
        this.client = client;
        this.run = run;
        this.specChange = specChange;
        this.shared = shared;
        this.remover = remover;
        this.ahead = ahead;
        this.filesBeforeStart = filesBeforeStart;
    }

    /** The spec this runner creates the cell's container from: what its reproducer must say too. */
    public ContainerSpec specOf(Cell cell) {
        return specChange.apply(run.specOf(cell));
    }

    /**
     * One attempt of the cell. {@code imageConfig}: its image's configuration as the host's preparation of the image
     * read it, or null when none did (a triage's rerun), and then the image is inspected for a step that checks it.
     */
    Attempt run(Cell cell, ImageConfig imageConfig) throws CellCouldNotRun, InterruptedException {
        try {
            ImageConfig config = imageConfig != null || !checksImage(cell) ? imageConfig
                    : ImageConfigs.inspect(client, cell.host().name(), specOf(cell).image());
            if (cell.scenario().isolation() == Isolation.SHARED && shared != null) {
                return runShared(cell, config);
            }
            return runFresh(cell, config);
        } catch (DockerException e) {
            throw new CellCouldNotRun("host " + cell.host().name() + " failed while running the cell: " + EngineMessages.of(e),
                    EngineMessages.of(e));
        } catch (RuntimeException e) {
            if (!EngineMessages.noAnswer(e)) {
                throw e;
            }
            // The socket is gone or the connection broke: the runner asks the host whether it still answers.
            String why = EngineMessages.of(e);
            throw new CellCouldNotRun("host " + cell.host().name() + " did not answer while running the cell: " + why, why);
        }
    }

    /**
     * A cell's fresh container, created and, for a one-step cell, attached to: everything before its start, which
     * can be done ahead while another cell runs. {@code spec} is what it was created from, which the rest of the cell
     * uses too; {@code took} is what it cost, counted in the cell's duration.
     */
    record Prepared(String containerId, ContainerSpec spec, OutputCollector output, Duration took) {

        void close() {
            if (output != null) {
                output.closeQuietly();
            }
        }
    }

    /** Creates the cell's container and attaches to it; nothing runs yet. The container is removed if this fails. */
    Prepared prepare(Cell cell) throws CellCouldNotRun, InterruptedException {
        long t0 = System.nanoTime();
        ContainerSpec spec = specOf(cell);
        boolean oneStep = mainProcess(cell);
        ContainerLife life = life(cell);
        String id = life.create(oneStep || notStarted(cell) ? spec : spec.withCommand(KEEP_ALIVE));
        try {
            if (filesBeforeStart != null) {
                new ContainerFiles(client, cell.host().name()).copyIn(id, filesBeforeStart);
            }
            OutputCollector output = oneStep && !notStarted(cell) ? life.attach(id, run.defaults().outputCapBytes(), SecretMask.of(spec)) : null;
            return new Prepared(id, spec, output, Duration.ofNanos(System.nanoTime() - t0));
        } catch (CellCouldNotRun | InterruptedException | RuntimeException e) {
            remover.remove(id);
            throw e;
        }
    }

    private Attempt runFresh(Cell cell, ImageConfig imageConfig) throws CellCouldNotRun, InterruptedException {
        Prepared prepared = ahead == null ? null : ahead.take(cell);
        Duration preparedAhead = prepared == null ? Duration.ZERO : prepared.took();
        if (prepared == null) {
            prepared = prepare(cell);
        }
        ContainerLife life = life(cell);
        String id = prepared.containerId();
        CellSteps steps = steps(cell, life, prepared.spec(), id, imageConfig);
        List<StepOutcome> outcomes = new ArrayList<>();
        try {
            if (notStarted(cell)) {
                outcomes.add(steps.unstarted(cell.scenario().steps().get(0)));
                return new Attempt(id, outcomes, preparedAhead);
            }
            life.start(id);
            if (prepared.output() != null) {
                outcomes.add(steps.mainProcess(cell.scenario().steps().get(0), prepared.output()));
            } else {
                steps.execAll(cell.scenario().steps(), outcomes);
            }
        } finally {
            prepared.close();
            // Off the critical path: the result is complete, the container is no longer needed.
            remover.remove(id);
        }
        return new Attempt(id, outcomes, preparedAhead);
    }

    /**
     * A cell of an {@code isolation: shared} scenario: its steps run as execs in the container this host keeps for
     * the image and create-time options, which costs an exec (~140 ms) instead of a container (~550 ms). A step out
     * of time leaves that container to no other cell.
     */
    private Attempt runShared(Cell cell, ImageConfig imageConfig) throws CellCouldNotRun, InterruptedException {
        ContainerSpec spec = specOf(cell);
        ContainerLife life = life(cell);
        String id = shared.containerFor(spec.createTimePart(), () -> {
            String created = life.create(spec.withCommand(KEEP_ALIVE).withLabel(RunContext.LABEL_CELL, "shared"));
            try {
                life.start(created);
            } catch (CellCouldNotRun e) {
                remover.removeNow(created);
                throw e;
            }
            return created;
        });
        List<StepOutcome> outcomes = new ArrayList<>();
        if (steps(cell, life, spec, id, imageConfig).execAll(cell.scenario().steps(), outcomes)) {
            shared.forget(id);
            remover.removeNow(id);
        }
        return new Attempt(id, outcomes, Duration.ZERO);
    }

    private CellSteps steps(Cell cell, ContainerLife life, ContainerSpec spec, String containerId, ImageConfig imageConfig) {
        Duration own = cell.scenario().options().timeout();
        return new CellSteps(client, life, spec, containerId, own != null ? own : run.defaults().timeout(),
                run.defaults().outputCapBytes(), imageConfig);
    }

    /**
     * Whether the cell's one step is the container's own process. Not when it reads packages: they are read by an
     * exec after the step, so the container must outlive it.
     */
    private static boolean mainProcess(Cell cell) {
        List<Step> steps = cell.scenario().steps();
        return steps.size() == 1 && steps.get(0).expect().packages().isEmpty();
    }

    /** A step that runs nothing: its container is created and never started. */
    private static boolean notStarted(Cell cell) {
        List<Step> steps = cell.scenario().steps();
        return steps.size() == 1 && steps.get(0).command().isNone();
    }

    /** Whether a step of the cell checks its image's configuration. */
    private static boolean checksImage(Cell cell) {
        return cell.scenario().steps().stream().anyMatch(s -> !s.expect().image().isEmpty());
    }

    private ContainerLife life(Cell cell) {
        return new ContainerLife(client, cell.host().name());
    }
}
