package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.Step;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the files a step's expectations name from a container's filesystem, through the engine's archive API (a
 * stopped container's files too, where an exec could not run). Only the engine's "no such file" means absent: any
 * other answer is the host failing, and the cell is an ERROR naming it rather than a FAIL saying "file absent".
 */
final class ContainerFiles {

    private static final long FILE_CAP_BYTES = 1024 * 1024;

    private final DockerClient client;
    private final String hostName;

    ContainerFiles(DockerClient client, String hostName) {
        this.client = client;
        this.hostName = hostName;
    }

    Map<String, Optional<String>> read(String containerId, Step step) throws CellCouldNotRun {
        Map<String, Optional<String>> files = new HashMap<>();
        for (FileExpectation file : step.expect().files()) {
            files.put(file.path(), read(containerId, file.path()));
        }
        return files;
    }

    /** A whole regular file of a container (a probe's export), or null when it has none at that path. */
    byte[] bytes(String containerId, String path) throws CellCouldNotRun {
        try (InputStream archive = client.copyArchiveFromContainerCmd(containerId, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry entry = tar.getNextEntry();
            return entry == null || !entry.isFile() || entry.isSymbolicLink() ? null : tar.readAllBytes();
        } catch (NotFoundException absent) {
            return null;
        } catch (IOException | DockerException e) {
            String why = EngineMessages.of(e);
            throw new CellCouldNotRun("host " + hostName + " failed to give the file " + path + ": " + why, why);
        }
    }

    /** Copies a tar's entries into a created container at /, as the engine's archive API extracts them. */
    void copyIn(String containerId, byte[] tar) throws CellCouldNotRun {
        try {
            client.copyArchiveToContainerCmd(containerId).withRemotePath("/").withTarInputStream(new java.io.ByteArrayInputStream(tar)).exec();
        } catch (DockerException e) {
            String why = EngineMessages.of(e);
            throw new CellCouldNotRun("host " + hostName + " refused the files copied into the container: " + why, why);
        }
    }

    private Optional<String> read(String containerId, String path) throws CellCouldNotRun {
        try (InputStream archive = client.copyArchiveFromContainerCmd(containerId, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null) {
                return Optional.empty();
            }
            if (entry.isDirectory() || entry.isSymbolicLink()) {
                return Optional.of("");
            }
            return Optional.of(new String(tar.readNBytes((int) Math.min(entry.getSize(), FILE_CAP_BYTES)), StandardCharsets.UTF_8));
        } catch (NotFoundException absent) {
            return Optional.empty();
        } catch (IOException | DockerException e) {
            String why = EngineMessages.of(e);
            throw new CellCouldNotRun("host " + hostName + " failed to give the file " + path + " that an expectation needs: " + why, why);
        }
    }
}
