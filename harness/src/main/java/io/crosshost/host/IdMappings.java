package io.crosshost.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user namespace a host's containers get, and whether the engine runs rootless: what the Docker-compatible /info
 * does not say. Podman's compatible /info drops both (its SecurityOptions have no "rootless" even for a rootless
 * service), so they come from its own /libpod/info ({@code host.idMappings}, {@code host.security.rootless}). Docker
 * says only "name=userns", and its remapped data root is named after the first host ids, "165536.165536"; the size of
 * the range is in /etc/subuid and /etc/subgid, which only a host on this machine (a unix socket) shares with us.
 */
final class IdMappings {

    /** A host's mapping: "inside host size" lines for uids and gids, and whether the engine itself is rootless. */
    record Mapping(List<String> uidMap, List<String> gidMap, boolean rootless) {
        static final Mapping NONE = new Mapping(List.of(), List.of(), false);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REMAPPED_ROOT = Pattern.compile(".*/(\\d+)\\.(\\d+)/?$");

    private IdMappings() {
    }

    static Mapping podman(HostConnection host) {
        if (!(host.client() instanceof DockerClientImpl impl)) {
            return Mapping.NONE;
        }
        // The v4 path: Podman 4 and 5 both answer it (an unversioned /libpod/info is 404 on Podman 4.3).
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path("/v4.0.0/libpod/info").build();
        try (DockerHttpClient.Response response = impl.getHttpClient().execute(request); InputStream body = response.getBody()) {
            return response.getStatusCode() == 200 ? fromLibpodInfo(JSON.readTree(body)) : Mapping.NONE;
        } catch (IOException | RuntimeException e) {
            // Only facts: a Podman that will not tell is shown without its mapping, never failed for it.
            return Mapping.NONE;
        }
    }

    static Mapping fromLibpodInfo(JsonNode info) {
        JsonNode host = info.path("host");
        JsonNode ids = host.path("idMappings");
        return new Mapping(lines(ids.path("uidmap")), lines(ids.path("gidmap")), host.path("security").path("rootless").asBoolean());
    }

    private static List<String> lines(JsonNode ranges) {
        List<String> lines = new ArrayList<>();
        ranges.forEach(r -> lines.add(r.path("container_id").asLong() + " " + r.path("host_id").asLong() + " " + r.path("size").asLong()));
        return lines;
    }

    /** Docker with --userns-remap: container id 0 is the first id of the remapped root's name; sizes from the local id files. */
    static Mapping docker(Info info, boolean userns, boolean localHost) {
        if (!userns || info.getDockerRootDir() == null) {
            return Mapping.NONE;
        }
        Matcher m = REMAPPED_ROOT.matcher(info.getDockerRootDir());
        if (!m.matches()) {
            return Mapping.NONE;
        }
        long uid = Long.parseLong(m.group(1));
        long gid = Long.parseLong(m.group(2));
        return new Mapping(List.of(line(uid, localHost ? sizeAt(Path.of("/etc/subuid"), uid) : Optional.empty())),
                List.of(line(gid, localHost ? sizeAt(Path.of("/etc/subgid"), gid) : Optional.empty())), false);
    }

    private static String line(long hostId, Optional<Long> size) {
        return "0 " + hostId + " " + size.map(String::valueOf).orElse("?");
    }

    /** The size of the subordinate range that starts at {@code start} ("user:start:size" lines). */
    static Optional<Long> sizeAt(Path idFile, long start) {
        try {
            for (String line : Files.readAllLines(idFile)) {
                String[] f = line.split(":");
                if (f.length == 3 && f[1].strip().equals(Long.toString(start))) {
                    return Optional.of(Long.parseLong(f[2].strip()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable: the size stays unknown
        }
        return Optional.empty();
    }
}
