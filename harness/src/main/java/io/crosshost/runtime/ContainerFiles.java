package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.crosshost.assertion.FileFacts;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.FileType;
import io.crosshost.scenario.Step;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the files a step's expectations name from a container's filesystem, through the engine's archive API (a
 * stopped or never started container's files too, where an exec could not run): a tar header has the type, mode,
 * owner ids, size and link target, so no program in the image is needed. Only the engine's "no such file" means absent: any
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

    /**
     * The facts of every path the step's expectations name; owner and group names are looked up in the container's
     * own /etc/passwd and /etc/group, and only when an expectation names one.
     */
    Map<String, Optional<FileFacts>> read(String containerId, Step step) throws CellCouldNotRun {
        Map<String, Optional<FileFacts>> files = new HashMap<>();
        List<FileExpectation> expected = step.expect().files();
        boolean names = expected.stream().anyMatch(FileExpectation::namesOwners);
        Map<Long, String> users = names ? AccountFiles.ids(bytes(containerId, "/etc/passwd")) : Map.of();
        Map<Long, String> groups = names ? AccountFiles.ids(bytes(containerId, "/etc/group")) : Map.of();
        for (FileExpectation file : expected) {
            if (!files.containsKey(file.path())) {
                files.put(file.path(), facts(containerId, file.path(), users, groups));
            }
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

    /**
     * A path's own attributes and the content it leads to. The engine's path stat (the archive answer's
     * X-Docker-Container-Path-Stat header) says what the path itself is on Docker and Podman alike; the tar entry
     * gives the owner ids and, on Docker, a symlink as a link with its readlink text. Podman's archive follows a
     * symlink, so there the entry is the target's, which is also the content.
     */
    private Optional<FileFacts> facts(String containerId, String path, Map<Long, String> users, Map<Long, String> groups)
            throws CellCouldNotRun {
        Entry own = entry(containerId, path);
        if (own == null) {
            // Podman 4.3 answered "absent" for /etc/passwd of a container that had just exited, and gave the file a
            // moment later (seen on the lab, once in 30 cells): an absent file is asked for once more before it counts.
            try {
                Thread.sleep(ABSENT_RECHECK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            own = entry(containerId, path);
            if (own == null) {
                return Optional.empty();
            }
        }
        TarArchiveEntry e = own.header();
        PathStat stat = own.stat();
        FileType type = stat != null ? stat.type() : typeOf(e);
        String target = e.isSymbolicLink() ? e.getLinkName() : null;
        String resolvedTarget = type == FileType.SYMLINK && stat != null ? stat.linkTarget() : null;
        long size = stat != null ? stat.size() : target != null ? target.getBytes(StandardCharsets.UTF_8).length : e.getSize();
        int mode = stat != null ? stat.permissions() : e.getMode() & 07777;
        Entry content = own;
        String at = path;
        for (int hops = 0; content != null && content.header().isSymbolicLink() && hops < MAX_LINK_HOPS; hops++) {
            at = resolve(at, content.header().getLinkName());
            content = entry(containerId, at);
        }
        boolean readable = content != null && content.header().isFile();
        return Optional.of(new FileFacts(type, mode, e.getLongUserId(), e.getLongGroupId(),
                users.get(e.getLongUserId()), groups.get(e.getLongGroupId()), size, target, resolvedTarget,
                readable ? new String(content.head(), StandardCharsets.UTF_8) : null, readable ? content.sha256() : null));
    }

    private static final long ABSENT_RECHECK_MILLIS = 300;

    /** Links the kernel would follow: 40 (MAXSYMLINKS); past that the path leads nowhere. */
    private static final int MAX_LINK_HOPS = 40;

    static String resolve(String linkPath, String target) {
        if (target.startsWith("/")) {
            return target;
        }
        String parent = linkPath.substring(0, Math.max(linkPath.lastIndexOf('/'), 0));
        return java.nio.file.Path.of(parent.isEmpty() ? "/" : parent).resolve(target).normalize().toString();
    }

    private static FileType typeOf(TarArchiveEntry e) {
        if (e.isDirectory()) {
            return FileType.DIRECTORY;
        }
        if (e.isSymbolicLink()) {
            return FileType.SYMLINK;
        }
        if (e.isCharacterDevice()) {
            return FileType.CHARACTER_DEVICE;
        }
        if (e.isBlockDevice()) {
            return FileType.BLOCK_DEVICE;
        }
        return e.isFIFO() ? FileType.PIPE : FileType.FILE;
    }

    /** One path's tar header, the start of its content (at most the cap) and the SHA-256 of all of it. */
    private record Entry(TarArchiveEntry header, byte[] head, String sha256, PathStat stat) {
    }

    private Entry entry(String containerId, String path) throws CellCouldNotRun {
        try (ArchiveAnswer answer = ArchiveAnswer.get(client, containerId, path);
             TarArchiveInputStream tar = answer == null ? null : new TarArchiveInputStream(answer.body())) {
            TarArchiveEntry entry = tar == null ? null : tar.getNextEntry();
            if (entry == null) {
                return null;
            }
            if (!entry.isFile()) {
                return new Entry(entry, new byte[0], null, answer.stat());
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] head = tar.readNBytes((int) Math.min(entry.getSize(), FILE_CAP_BYTES));
            sha.update(head);
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = tar.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return new Entry(entry, head, HexFormat.of().formatHex(sha.digest()), answer.stat());
        } catch (NotFoundException absent) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        } catch (IOException | DockerException e) {
            String why = EngineMessages.of(e);
            throw new CellCouldNotRun("host " + hostName + " failed to give the file " + path + " that an expectation needs: " + why, why);
        }
    }
}
