package io.crosshost.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Info;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The id ranges and rootless flag that the engines' Docker-compatible /info leaves out, as the lab's engines answer. */
class IdMappingsTest {

    @Test
    void rootlessPodmanTellsItsRangesInLibpodInfo() throws Exception {
        // Trimmed from podman-rootless's /v4.0.0/libpod/info in the lab.
        var info = new ObjectMapper().readTree("{\"host\":{\"idMappings\":{"
                + "\"gidmap\":[{\"container_id\":0,\"host_id\":1001,\"size\":1},{\"container_id\":1,\"host_id\":100000,\"size\":65536}],"
                + "\"uidmap\":[{\"container_id\":0,\"host_id\":1001,\"size\":1},{\"container_id\":1,\"host_id\":100000,\"size\":65536}]},"
                + "\"security\":{\"rootless\":true}}}");

        IdMappings.Mapping m = IdMappings.fromLibpodInfo(info);

        assertThat(m.uidMap()).containsExactly("0 1001 1", "1 100000 65536");
        assertThat(m.gidMap()).containsExactly("0 1001 1", "1 100000 65536");
        assertThat(m.rootless()).isTrue();
    }

    @Test
    void rootfulPodmanHasNoRanges() throws Exception {
        var info = new ObjectMapper().readTree("{\"host\":{\"idMappings\":{\"gidmap\":null,\"uidmap\":null},\"security\":{\"rootless\":false}}}");

        assertThat(IdMappings.fromLibpodInfo(info)).isEqualTo(IdMappings.Mapping.NONE);
    }

    @Test
    void dockerWithUsernsRemapIsReadFromItsRemappedRootAndTheIdFiles(@TempDir Path dir) throws Exception {
        Info info = new Info().withDockerRootDir("/var/lib/crosshost-lab/docker-userns/165536.165536");
        Path subuid = Files.writeString(dir.resolve("subuid"), "crosshost-rootless:100000:65536\ndockremap:165536:65536\n");

        assertThat(IdMappings.sizeAt(subuid, 165536)).contains(65536L);
        assertThat(IdMappings.sizeAt(subuid, 200000)).isEmpty();
        assertThat(IdMappings.docker(info, true, false).uidMap()).containsExactly("0 165536 ?");
        assertThat(IdMappings.docker(info, false, true)).isEqualTo(IdMappings.Mapping.NONE);
        assertThat(IdMappings.docker(new Info().withDockerRootDir("/var/lib/docker"), true, true)).isEqualTo(IdMappings.Mapping.NONE);
    }

    @Test
    void podmansListOfArchiveFormatsComesDownToTheDockerArchiveLine() {
        String podman = "failed to load image: payload does not match any of the supported image formats:\n"
                + " * oci: initializing source oci:/var/tmp/x: not a directory\n"
                + " * docker-archive: writing blob: processing tar file(potentially insufficient UIDs or GIDs available in user namespace"
                + " (requested 200000:200000 for /opt/high-uid)): exit status 1\n"
                + " * dir: open /var/tmp/x/manifest.json: not a directory";

        assertThat(ImagePreparer.dockerArchiveWords(podman)).isEqualTo("failed to load image as docker-archive: writing blob: processing"
                + " tar file(potentially insufficient UIDs or GIDs available in user namespace (requested 200000:200000 for /opt/high-uid)):"
                + " exit status 1");
        assertThat(ImagePreparer.dockerArchiveWords("Container ID 200000 cannot be mapped to a host ID"))
                .isEqualTo("Container ID 200000 cannot be mapped to a host ID");
    }
}
