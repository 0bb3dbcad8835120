package io.crosshost.lab;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab reproduces the faccessat2 bug for real: glibc >= 2.33 (Debian 12 and 13) asks the kernel for
 * faccessat2, docker-legacy's seccomp profile answers EPERM as Docker < 20.10 did, and bash's
 * {@code [ -x /bin/sh ]} turns false. Plain docker and podman, and glibc 2.31 (Debian 11), are unaffected.
 * This is the grid every later end-to-end test builds on, checked here through docker-java alone.
 */
class LabGridIT {

    @Test
    void faccessat2FailsExactlyOnTheLegacyHostForGlibc233AndLater() throws Exception {
        Map<String, Integer> grid = new TreeMap<>();
        for (LabHosts.LabHost host : LabHosts.HOSTS) {
            DockerClient client = LabHosts.connect(host);
            for (String image : LabHosts.IMAGES) {
                String shell = image.contains("busybox") ? "sh" : "bash";
                grid.put(host.name() + " " + image, exitCode(client, image, shell, "[ -x /bin/sh ] && echo ok"));
            }
        }
        assertThat(grid).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("docker crosshost.test/debian:11", 0),
                Map.entry("docker crosshost.test/debian:12", 0),
                Map.entry("docker crosshost.test/debian:13", 0),
                Map.entry("docker crosshost.test/busybox:latest", 0),
                Map.entry("docker-legacy crosshost.test/debian:11", 0),
                Map.entry("docker-legacy crosshost.test/debian:12", 1),
                Map.entry("docker-legacy crosshost.test/debian:13", 1),
                Map.entry("docker-legacy crosshost.test/busybox:latest", 0),
                Map.entry("podman crosshost.test/debian:11", 0),
                Map.entry("podman crosshost.test/debian:12", 0),
                Map.entry("podman crosshost.test/debian:13", 0),
                Map.entry("podman crosshost.test/busybox:latest", 0)));
    }

    private static int exitCode(DockerClient client, String image, String shell, String script) throws InterruptedException {
        String id = client.createContainerCmd(image).withCmd(shell, "-c", script)
                .withLabels(Map.of("crosshost.test", "LabGridIT"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        try {
            client.startContainerCmd(id).exec();
            return client.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(60, TimeUnit.SECONDS);
        } finally {
            client.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
