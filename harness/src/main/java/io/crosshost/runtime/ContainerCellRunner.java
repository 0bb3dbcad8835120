package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import io.crosshost.assertion.Observed;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.Defaults;
import io.crosshost.result.CapturedOutput;
import io.crosshost.result.StepResult;
import io.crosshost.scenario.DurationText;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.Isolation;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Step;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one attempt of a cell in a fresh container on one host: create, start, stream the output while
 * waiting, read the files the expectations name, and remove the container whatever happened.
 *
 * <p>A one-step scenario runs its command as the container's own process: the cheapest path (one create,
 * one start, one wait). A scenario with several steps runs them as execs in one kept-alive container.
 */
public final class ContainerCellRunner {

    private static final List<String> KEEP_ALIVE = List.of("sh", "-c", "while :; do sleep 3600; done");
    private static final long FILE_CAP_BYTES = 1024 * 1024;
    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(5);

    private final DockerClient client;
    private final RunContext run;
    private final Consumer<HostConfig> hostConfigChange;
    private final SharedContainers shared;
    private final ContainerRemover remover;
    private final ContainersAhead ahead;

    /**
     * A runner for a run: shared scenarios use the host's shared containers; fresh ones may have been prepared
     * {@code ahead}, and are removed by {@code remover}.
     */
    ContainerCellRunner(DockerClient client, RunContext run, SharedContainers shared, ContainerRemover remover,
                        ContainersAhead ahead) {
        this.client = client;
        this.run = run;
        this.hostConfigChange = hostConfig -> { };
        this.shared = shared;
        this.remover = remover;
        this.ahead = ahead;
    }

    /** A runner that changes every container's host config the same way, each cell in a fresh container (triage). */
    public ContainerCellRunner(DockerClient client, RunContext run, Consumer<HostConfig> hostConfigChange) {
        this.client = client;
        this.run = run;
        this.hostConfigChange = hostConfigChange;
        this.shared = null;
        this.remover = new ContainerRemover(client, "triage", false);
        this.ahead = null;
    }

    Attempt run(Cell cell) throws CellCouldNotRun, InterruptedException {
        try {
            if (cell.scenario().isolation() == Isolation.SHARED && shared != null) {
                return runShared(cell);
            }
            return runFresh(cell);
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
     * can be done ahead while another cell runs. {@code took} is what it cost, counted in the cell's duration.
     */
    record Prepared(String containerId, OutputCollector output, Duration took) {

        void close() {
            if (output != null) {
                closeQuietly(output);
            }
        }
    }

    /** Creates the cell's container and attaches to it; nothing runs yet. The container is removed if this fails. */
    Prepared prepare(Cell cell) throws CellCouldNotRun, InterruptedException {
        long t0 = System.nanoTime();
        List<Step> steps = cell.scenario().steps();
        boolean oneStep = steps.size() == 1;
        String id = create(cell, oneStep ? steps.get(0).command().toArgv() : KEEP_ALIVE);
        try {
            // The main process's output is read from an attach made before it starts, not from the engine's log:
            // the container has no log (see create), and an attach misses nothing, however fast the process is.
            OutputCollector output = oneStep ? attach(cell, id) : null;
            return new Prepared(id, output, Duration.ofNanos(System.nanoTime() - t0));
        } catch (CellCouldNotRun | InterruptedException | RuntimeException e) {
            remover.remove(id);
            throw e;
        }
    }

    private Attempt runFresh(Cell cell) throws CellCouldNotRun, InterruptedException {
        Prepared prepared = ahead == null ? null : ahead.take(cell);
        Duration preparedAhead = prepared == null ? Duration.ZERO : prepared.took();
        if (prepared == null) {
            prepared = prepare(cell);
        }
        List<Step> steps = cell.scenario().steps();
        String id = prepared.containerId();
        OutputCollector output = prepared.output();
        List<StepOutcome> outcomes = new ArrayList<>();
        try {
            try {
                client.startContainerCmd(id).exec();
            } catch (DockerException e) {
                throw new CellCouldNotRun("start failed on host " + cell.host().name() + ": " + EngineMessages.of(e), EngineMessages.of(e));
            }
            if (output != null) {
                outcomes.add(awaitMainProcess(cell, id, steps.get(0), output));
            } else {
                for (Step step : steps) {
                    StepOutcome outcome = exec(cell, id, step);
                    outcomes.add(outcome);
                    if (outcome.observed().timedOut()) {
                        break;
                    }
                }
            }
        } catch (DockerException e) {
            throw new CellCouldNotRun("host " + cell.host().name() + " failed while running the cell: " + EngineMessages.of(e),
                    EngineMessages.of(e));
        } finally {
            prepared.close();
            // Off the critical path: the result is complete, the container is no longer needed.
            remover.remove(id);
        }
        return new Attempt(id, outcomes, preparedAhead);
    }

    /**
     * A cell of an {@code isolation: shared} scenario: its steps run as execs in the container this host keeps
     * for the image and create-time options, which costs an exec (~140 ms) instead of a container (~550 ms).
     */
    private Attempt runShared(Cell cell) throws CellCouldNotRun, InterruptedException {
        String id = shared.containerFor(cell, () -> {
            String created = create(cell, KEEP_ALIVE, "shared");
            try {
                client.startContainerCmd(created).exec();
            } catch (DockerException e) {
                remove(created);
                throw new CellCouldNotRun("start failed on host " + cell.host().name() + ": " + EngineMessages.of(e));
            }
            return created;
        });
        List<StepOutcome> outcomes = new ArrayList<>();
        try {
            for (Step step : cell.scenario().steps()) {
                StepOutcome outcome = exec(cell, id, step);
                outcomes.add(outcome);
                if (outcome.observed().timedOut()) {
                    shared.forget(id);
                    remove(id);
                    break;
                }
            }
        } catch (DockerException e) {
            throw new CellCouldNotRun("host " + cell.host().name() + " failed while running the cell: " + EngineMessages.of(e),
                    EngineMessages.of(e));
        }
        return new Attempt(id, outcomes, Duration.ZERO);
    }

    private String create(Cell cell, List<String> command) throws CellCouldNotRun {
        return create(cell, command, cell.id());
    }

    private String create(Cell cell, List<String> command, String cellLabel) throws CellCouldNotRun {
        RunOptions o = cell.scenario().options();
        Defaults d = run.defaults();
        long memory = memoryLimit(cell);
        String network = o.network() != null ? o.network() : d.network();
        boolean networkDisabled = Defaults.NETWORK_DISABLED.equals(network);
        HostConfig hostConfig = HostConfig.newHostConfig()
                // 'disabled' still asks for mode none: an engine that ignores NetworkDisabled (Podman gives such a
                // container its bridge network) then keeps the container off the network all the same.
                .withNetworkMode(networkDisabled ? Defaults.NETWORK_NONE : network)
                .withReadonlyRootfs(o.readOnly())
                .withPrivileged(o.privileged())
                .withMemory(memory)
                // Swap as large as the memory (the engines' default) would let a memory eater thrash the host's swap.
                .withMemorySwap(memory)
                .withPidsLimit(pidsLimit(cell))
                // No engine log: the harness attaches and caps the output itself. A json-file log would keep all of
                // it (2 GiB of zeros from a runaway scenario is 12 GiB of JSON escapes on the host's disk) and slow
                // the container to the log driver's pace; the log driver none works on Docker and Podman alike.
                .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE, null));
        try {
            if (!o.capAdd().isEmpty()) {
                hostConfig.withCapAdd(o.capAdd().stream().map(Capability::valueOf).toArray(Capability[]::new));
            }
            if (!o.capDrop().isEmpty()) {
                hostConfig.withCapDrop(o.capDrop().stream().map(Capability::valueOf).toArray(Capability[]::new));
            }
        } catch (IllegalArgumentException e) {
            throw new CellCouldNotRun("unknown capability in cap_add/cap_drop: " + e.getMessage());
        }
        if (!o.securityOpt().isEmpty()) {
            hostConfig.withSecurityOpts(o.securityOpt());
        }
        hostConfigChange.accept(hostConfig);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(RunContext.LABEL_RUN, run.runId());
        labels.put(RunContext.LABEL_CELL, cellLabel);
        labels.put(RunContext.LABEL_OWNER, run.owner());
        CreateContainerCmd create = client.createContainerCmd(cell.image().reference())
                .withCmd(command)
                .withLabels(labels)
                .withHostConfig(hostConfig)
                .withEnv(env(o));
        if (networkDisabled) {
            create.withNetworkDisabled(true);
        }
        if (o.user() != null) {
            create.withUser(o.user());
        }
        if (o.workdir() != null) {
            create.withWorkingDir(o.workdir());
        }
        try {
            return create.exec().getId();
        } catch (NotFoundException e) {
            throw new CellCouldNotRun("image " + cell.image().reference() + " is not on host " + cell.host().name()
                    + ": " + EngineMessages.of(e));
        } catch (DockerException e) {
            throw new CellCouldNotRun("create failed on host " + cell.host().name() + ": " + EngineMessages.of(e), EngineMessages.of(e));
        }
    }

    private long memoryLimit(Cell cell) {
        Long own = cell.scenario().options().memoryBytes();
        return own != null ? own : run.defaults().memoryBytes();
    }

    private long pidsLimit(Cell cell) {
        Long own = cell.scenario().options().pidsLimit();
        return own != null ? own : run.defaults().pidsLimit();
    }

    /** Attaches to a created container's output; returns once the engine streams it, so nothing printed is missed. */
    private OutputCollector attach(Cell cell, String id) throws CellCouldNotRun, InterruptedException {
        OutputCollector output = new OutputCollector(run.defaults().outputCapBytes(), SecretMask.of(cell.scenario().options()));
        try {
            client.attachContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true).exec(output);
        } catch (DockerException e) {
            throw new CellCouldNotRun("attach failed on host " + cell.host().name() + ": " + EngineMessages.of(e));
        }
        if (!output.awaitStarted(ATTACH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            closeQuietly(output);
            throw new CellCouldNotRun("host " + cell.host().name() + " did not stream the container's output within "
                    + DurationText.of(ATTACH_TIMEOUT) + (output.error() != null ? ": " + output.error() : ""));
        }
        return output;
    }

    private static List<String> env(RunOptions o) {
        return o.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
    }

    private StepOutcome awaitMainProcess(Cell cell, String id, Step step, OutputCollector output) throws InterruptedException {
        long t0 = System.nanoTime();
        Duration timeout = timeout(cell);
        long deadline = t0 + timeout.toNanos();
        // The end of the attached stream is the exit signal: the kernel closes the process's output when it exits,
        // and the engine ends the stream then. One inspect confirms it and gives the exit code and the OOM flag.
        // That costs one short request, where a wait costs a request held open and, on Podman 4, a poll every
        // 250 ms (about 200 ms more per cell through Podman's API, measured).
        ExitState exit = streamEnded(output, deadline) ? stoppedState(id) : null;
        if (exit == null && System.nanoTime() < deadline) {
            // The stream ended but the process runs on (it closed its output), or the engine has not recorded the
            // exit yet: wait for the exit itself, within what is left of the timeout.
            exit = awaitExit(id, deadline);
        }
        boolean timedOut = exit == null;
        String note;
        if (timedOut) {
            note = timeoutNote(cell, id);
            kill(id);
            // The stream ends once the killed process is gone; a short grace period covers the last frames.
            streamEnded(output, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        } else {
            note = exitNote(cell, exit);
        }
        closeQuietly(output);
        Map<String, Optional<String>> files = readFiles(id, step);
        return outcome(step, timedOut ? null : exit.code(), timedOut, timeout, output, files, t0, note);
    }

    /** How a stopped container ended: its exit code and whether the engine saw the OOM killer. */
    private record ExitState(Integer code, boolean oomKilled) {
    }

    /** True when the attached stream ended (or broke) before the deadline. */
    private static boolean streamEnded(OutputCollector output, long deadlineNanos) throws InterruptedException {
        try {
            return output.awaitCompletion(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RuntimeException broken) {
            // The stream failed rather than ended: the inspect and, if need be, the wait tell what the process did.
            return true;
        }
    }

    /** The container's exit, or null while it still runs. */
    private ExitState stoppedState(String id) {
        var state = client.inspectContainerCmd(id).exec().getState();
        if (Boolean.TRUE.equals(state.getRunning())) {
            return null;
        }
        Long code = state.getExitCodeLong();
        return new ExitState(code == null ? null : code.intValue(), Boolean.TRUE.equals(state.getOOMKilled()));
    }

    /** Waits for the container's exit until the deadline; null when it did not come. */
    private ExitState awaitExit(String id, long deadlineNanos) throws InterruptedException {
        WaitContainerResultCallback wait = client.waitContainerCmd(id).exec(new WaitContainerResultCallback());
        try {
            if (!wait.awaitCompletion(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return null;
            }
            Integer code = wait.awaitStatusCode();
            // Only an unexpected ending needs to know whether the OOM killer was involved.
            return code != null && code != 0 ? stoppedState(id) : new ExitState(code, false);
        } finally {
            closeQuietly(wait);
        }
    }

    /** Why a process that ended with SIGKILL may have: the memory limit, as the engine saw it or as the exit code suggests. */
    private String exitNote(Cell cell, ExitState exit) {
        String limit = "the container's memory limit is " + size(memoryLimit(cell))
                + " (the scenario's 'memory' or the matrix's defaults.memory)";
        if (exit.oomKilled()) {
            return "out of memory: the kernel killed a process of the cell (the engine reports OOMKilled); " + limit;
        }
        if (exit.code() != null && exit.code() == 137) {
            // Podman reports OOMKilled only for the container's first process; 137 is SIGKILL, what the OOM killer sends.
            return "exit code 137 is SIGKILL, which is what the kernel's out-of-memory killer sends; " + limit;
        }
        return null;
    }

    /** A step's exit with the container's OOM flag (an exec has none of its own); the flag is a hint, so a failed inspect is no flag. */
    private ExitState containerOomState(String containerId, int exit) {
        try {
            return new ExitState(exit, Boolean.TRUE.equals(client.inspectContainerCmd(containerId).exec().getState().getOOMKilled()));
        } catch (DockerException e) {
            return new ExitState(exit, false);
        }
    }

    /** What the container was doing when its time ran out: a process count at the pids limit says fork bomb. */
    private String timeoutNote(Cell cell, String id) {
        long pidsLimit = pidsLimit(cell);
        String limits = "its limits: " + pidsLimit + " processes (pids_limit), " + size(memoryLimit(cell)) + " of memory";
        Long pids = ContainerPids.current(client, id, STATS_TIMEOUT);
        if (pids == null) {
            return limits;
        }
        return (pids == 1 ? "1 process was running" : pids + " processes were running")
                + (pids >= pidsLimit ? ", as many as its pids limit allows" : "") + "; " + limits;
    }

    private StepOutcome exec(Cell cell, String containerId, Step step) throws InterruptedException {
        long t0 = System.nanoTime();
        RunOptions o = cell.scenario().options();
        var create = client.execCreateCmd(containerId).withCmd(step.command().toArgv().toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).withEnv(env(o));
        if (o.user() != null) {
            create.withUser(o.user());
        }
        if (o.workdir() != null) {
            create.withWorkingDir(o.workdir());
        }
        String execId = create.exec().getId();
        OutputCollector output = new OutputCollector(run.defaults().outputCapBytes(), SecretMask.of(o));
        client.execStartCmd(execId).exec(output);
        Duration timeout = timeout(cell);
        boolean timedOut = !output.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Integer exit = null;
        String note;
        if (timedOut) {
            note = timeoutNote(cell, containerId);
            kill(containerId);
        } else {
            Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
            exit = code == null ? null : code.intValue();
            note = exit != null && exit != 0 ? exitNote(cell, containerOomState(containerId, exit)) : null;
        }
        closeQuietly(output);
        Map<String, Optional<String>> files = timedOut ? Map.of() : readFiles(containerId, step);
        return outcome(step, exit, timedOut, timeout, output, files, t0, note);
    }

    private Duration timeout(Cell cell) {
        Duration own = cell.scenario().options().timeout();
        return own != null ? own : run.defaults().timeout();
    }

    private static StepOutcome outcome(Step step, Integer exit, boolean timedOut, Duration timeout, OutputCollector output,
                                       Map<String, Optional<String>> files, long t0, String note) {
        CapturedOutput stdout = output.stdout();
        CapturedOutput stderr = output.stderr();
        StepResult result = new StepResult(step.name(), step.command().display(), exit, stdout, stderr,
                Duration.ofNanos(System.nanoTime() - t0), timedOut, null);
        return new StepOutcome(result, new Observed(exit, timedOut, DurationText.of(timeout), stdout.text(), stderr.text(), files), note);
    }

    /** Files that expectations name, read from the container's filesystem through the archive API. */
    private Map<String, Optional<String>> readFiles(String id, Step step) {
        Map<String, Optional<String>> files = new HashMap<>();
        for (FileExpectation file : step.expect().files()) {
            files.put(file.path(), readFile(id, file.path()));
        }
        return files;
    }

    private Optional<String> readFile(String id, String path) {
        try (InputStream archive = client.copyArchiveFromContainerCmd(id, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null) {
                return Optional.empty();
            }
            if (entry.isDirectory() || entry.isSymbolicLink()) {
                return Optional.of("");
            }
            return Optional.of(new String(tar.readNBytes((int) Math.min(entry.getSize(), FILE_CAP_BYTES)), java.nio.charset.StandardCharsets.UTF_8));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (IOException | DockerException e) {
            return Optional.empty();
        }
    }

    private void kill(String id) {
        try {
            client.killContainerCmd(id).exec();
        } catch (DockerException alreadyStopped) {
            // it stopped by itself between the timeout and the kill
        }
    }

    void remove(String id) {
        remover.removeNow(id);
    }

    /** 536870912 as "512 MiB". */
    static String size(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // the stream is finished either way
        }
    }

    /** Demultiplexes stdout and stderr frames into two capped buffers, masking secrets as they come. */
    static final class OutputCollector extends ResultCallback.Adapter<Frame> {

        private final CappedOutput stdout;
        private final CappedOutput stderr;
        private volatile Throwable error;

        OutputCollector(long capBytes, SecretMask secrets) {
            this.stdout = new CappedOutput(capBytes, secrets);
            this.stderr = new CappedOutput(capBytes, secrets);
        }

        @Override
        public void onNext(Frame frame) {
            switch (frame.getStreamType()) {
                case STDERR -> stderr.append(frame.getPayload());
                default -> stdout.append(frame.getPayload());
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
            super.onError(throwable);
        }

        String error() {
            return error == null ? null : EngineMessages.of(error);
        }

        CapturedOutput stdout() {
            return stdout.toCaptured();
        }

        CapturedOutput stderr() {
            return stderr.toCaptured();
        }
    }
}
