package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import io.crosshost.container.ContainerSpec;
import io.crosshost.result.StepResult;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * A cell's container kept running for code that drives it itself (the Jupiter extension's {@code CellContainer}):
 * created from the cell's {@link ContainerSpec} with a keep-alive main process, as a multi-step cell's is, then
 * commands as execs with the spec's user, workdir and env ({@link StepExec}), files through the archive API
 * ({@link ContainerFiles}), and a forced removal when closed.
 */
public final class LiveContainer implements AutoCloseable {

    private final DockerClient client;
    private final String hostName;
    private final ContainerSpec spec;
    private final String id;
    private final long outputCapBytes;
    private volatile boolean removed;

    private LiveContainer(DockerClient client, String hostName, ContainerSpec spec, String id, long outputCapBytes) {
        this.client = client;
        this.hostName = hostName;
        this.spec = spec;
        this.id = id;
        this.outputCapBytes = outputCapBytes;
    }

    /**
     * Creates and starts the container on {@code client}'s host; a start that fails removes what the create made.
     * {@code spec}'s command is replaced by the keep-alive one: the caller's commands are execs.
     */
    public static LiveContainer start(DockerClient client, String hostName, ContainerSpec spec, long outputCapBytes)
            throws CellCouldNotRun {
        ContainerSpec kept = spec.withCommand(ContainerCellRunner.KEEP_ALIVE);
        ContainerLife life = new ContainerLife(client, hostName);
        String id = life.create(kept);
        try {
            life.start(id);
        } catch (CellCouldNotRun | RuntimeException e) {
            new ContainerRemover(client, hostName, false).removeNow(id);
            throw e;
        }
        return new LiveContainer(client, hostName, kept, id, outputCapBytes);
    }

    public String id() {
        return id;
    }

    /** What the container was created from: its reproducer says the same. */
    public ContainerSpec spec() {
        return spec;
    }

    /**
     * Runs {@code argv} as an exec and waits for it at most {@code timeout}; each stream is capped as a cell's is. A
     * command out of time is a result with {@code timedOut} and no exit code (the exec's process is left to the
     * container's removal). What the host failed to do is a {@link CellCouldNotRun}.
     */
    public StepResult exec(List<String> argv, Duration timeout) throws CellCouldNotRun, InterruptedException {
        long t0 = System.nanoTime();
        OutputCollector output = new OutputCollector(outputCapBytes, SecretMask.of(spec));
        try {
            StepExec.Ended ended = new StepExec(client).run(id, spec, argv, output, timeout);
            return new StepResult("exec", io.crosshost.container.ShellQuote.join(argv), ended.exitCode(), output.stdout(),
                    output.stderr(), Duration.ofNanos(System.nanoTime() - t0), ended.timedOut(), null);
        } catch (DockerException | UncheckedIOException e) {
            String why = EngineMessages.of(e);
            throw new CellCouldNotRun("host " + hostName + " failed to run " + argv + " in the container: " + why, why);
        } finally {
            output.closeQuietly();
        }
    }

    /** A regular file of the container, whole, or null when it has none at {@code path}. */
    public byte[] readFile(String path) throws CellCouldNotRun {
        return new ContainerFiles(client, hostName).bytes(id, path);
    }

    /** Writes {@code content} to the absolute {@code path} in the container, with the permission bits {@code mode}. */
    public void writeFile(String path, byte[] content, int mode) throws CellCouldNotRun {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a path in the container is absolute, not " + path);
        }
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry entry = new TarArchiveEntry(path.substring(1));
            entry.setSize(content.length);
            entry.setMode(mode);
            out.putArchiveEntry(entry);
            out.write(content);
            out.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("a tar in memory cannot fail to be written", e);
        }
        new ContainerFiles(client, hostName).copyIn(id, tar.toByteArray());
    }

    /** Removes the container, forcibly, at once; a second call does nothing. A refusal is left to the run's label sweep. */
    @Override
    public void close() {
        if (!removed) {
            removed = true;
            new ContainerRemover(client, hostName, false).removeNow(id);
        }
    }
}
