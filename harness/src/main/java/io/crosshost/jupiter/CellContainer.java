package io.crosshost.jupiter;

import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.StepResult;
import io.crosshost.runtime.CellCouldNotRun;
import io.crosshost.runtime.CellResults;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.LiveContainer;
import io.crosshost.runtime.Reproducer;
import io.crosshost.runtime.RunContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The container of one cell of a {@link CrosshostTest}: a fresh container of the cell's image on the cell's host,
 * created through that host's own client from the spec a YAML cell of the same matrix gets (network none, the
 * matrix's memory and pids limits, the run's labels), and removed when the invocation ends, whatever it threw. Its
 * commands run as execs; every exec is a step of the cell in the reports.
 */
public final class CellContainer {

    private final JavaRun run;
    private final PlannedCell planned;
    private final RunContext cellRun;
    private final List<StepResult> steps = new ArrayList<>();
    private HostSession session;
    private ImageFacts imageFacts;
    private LiveContainer container;

    CellContainer(JavaRun run, PlannedCell planned, RunContext cellRun) {
        this.run = run;
        this.planned = planned;
        this.cellRun = cellRun;
    }

    /** Opens the host, prepares the image and starts the container: what can fail here is the cell's ERROR. */
    void start() throws CellCouldNotRun {
        session = run.session(planned.cell().host());
        if (!session.facts().reachable()) {
            throw new CellCouldNotRun(session.facts().error());
        }
        imageFacts = run.imageFacts(planned.cell().host(), planned.cell().image(), cellRun);
        if (imageFacts.error() != null) {
            throw new CellCouldNotRun(imageFacts.error());
        }
        container = LiveContainer.start(run.client(session), planned.cell().host().name(), cellRun.specOf(planned.cell()),
                cellRun.defaults().outputCapBytes());
    }

    void remove() {
        if (container != null) {
            container.close();
        }
    }

    /** The cell as names say it: {@code scenario / image @ host}. */
    public String cell() {
        return CellResults.label(planned.cell());
    }

    /** The cell's id in reports: {@code scenario/image@host}. */
    public String cellId() {
        return planned.id();
    }

    public String host() {
        return planned.cell().host().name();
    }

    public String image() {
        return planned.cell().image().name();
    }

    public String containerId() {
        return started().id();
    }

    /** The host's facts as read when its session opened: engine and version, kernel, runtime, cgroups, seccomp... */
    public HostFacts hostFacts() {
        started();
        return session.facts();
    }

    /** The image's facts on this host: id, digest, os-release, C library, libselinux, package manager. */
    public ImageFacts imageFacts() {
        started();
        return imageFacts;
    }

    /** The {@code docker run} (or {@code podman --remote run}) line that makes this container by hand. */
    public String reproducer() {
        return Reproducer.of(started().spec(), session.target());
    }

    /** Runs {@code argv} in the container within the matrix's default timeout. */
    public ExecResult exec(String... argv) {
        return exec(cellRun.defaults().timeout(), argv);
    }

    /** Runs {@code argv} in the container within {@code timeout}; the host failing to run it throws. */
    public ExecResult exec(Duration timeout, String... argv) {
        if (argv.length == 0) {
            throw new IllegalArgumentException("exec needs a command");
        }
        try {
            StepResult step = started().exec(List.of(argv), timeout);
            synchronized (steps) {
                steps.add(step);
            }
            return ExecResult.of(cell(), step);
        } catch (CellCouldNotRun e) {
            throw new HostFailure(cell(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostFailure(cell(), "interrupted while running " + List.of(argv));
        }
    }

    /** {@code sh -c script}. */
    public ExecResult sh(String script) {
        return exec("sh", "-c", script);
    }

    /** Writes {@code content} to the absolute {@code path} in the container (mode 0644). */
    public CellContainer writeFile(String path, String content) {
        return writeFile(path, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public CellContainer writeFile(String path, byte[] content, int mode) {
        try {
            started().writeFile(path, content, mode);
        } catch (CellCouldNotRun e) {
            throw new HostFailure(cell(), e.getMessage());
        }
        return this;
    }

    /** Copies a local file into the container at {@code path}, keeping whether it is executable. */
    public CellContainer copyIn(Path local, String path) {
        try {
            return writeFile(path, Files.readAllBytes(local), Files.isExecutable(local) ? 0755 : 0644);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + local + " to copy it into " + cell(), e);
        }
    }

    /**
     * A regular file of the container, or empty when it has none at {@code path}. A symbolic link is not followed (it
     * reads as empty): name its target ({@code /usr/lib/os-release}, not Debian's link {@code /etc/os-release}).
     */
    public Optional<byte[]> readFile(String path) {
        try {
            return Optional.ofNullable(started().readFile(path));
        } catch (CellCouldNotRun e) {
            throw new HostFailure(cell(), e.getMessage());
        }
    }

    /** The file as text (UTF-8), or empty. */
    public Optional<String> readText(String path) {
        return readFile(path).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Copies a regular file of the container to {@code local}; it must exist. */
    public Path copyOut(String path, Path local) {
        byte[] content = readFile(path).orElseThrow(() -> new HostFailure(cell(), "the container has no regular file " + path));
        try {
            Files.write(local, content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + local + " from " + cell(), e);
        }
        return local;
    }

    List<StepResult> steps() {
        synchronized (steps) {
            return List.copyOf(steps);
        }
    }

    String imageDigest() {
        return imageFacts == null ? null : imageFacts.digest();
    }

    /** The reproducer, or null before the container was made. */
    String reproducerOrNull() {
        return container == null ? null : reproducer();
    }

    private LiveContainer started() {
        if (container == null) {
            throw new IllegalStateException(cell() + ": the container is not running (it is made for the test method, "
                    + "removed after it)");
        }
        return container;
    }

    /** The host could not do what the test asked: the cell is an ERROR, not a FAIL. */
    public static final class HostFailure extends RuntimeException {
        HostFailure(String cell, String message) {
            super("[" + cell + "] " + message, null, false, false);
        }
    }
}
