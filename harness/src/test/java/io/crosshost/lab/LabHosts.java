package io.crosshost.lab;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The lab that harness/lab/lab.sh brings up: six real hosts (three of them from hosts-extra.sh) and four images, plus
 * the high-uid image where a host can store it. Integration tests use it
 * and fail, never skip, when a host is down: in CI the lab is up.
 */
public final class LabHosts {

    public record LabHost(String name, String endpoint) {
    }

    public static final LabHost DOCKER = new LabHost("docker", "unix:///var/run/docker.sock");
    public static final LabHost DOCKER_LEGACY = new LabHost("docker-legacy", "unix:///run/crosshost-lab/docker-legacy.sock");
    public static final LabHost PODMAN = new LabHost("podman", "unix:///run/podman/podman.sock");
    public static final List<LabHost> HOSTS = List.of(DOCKER, DOCKER_LEGACY, PODMAN);

    // The hosts of harness/lab/hosts-extra.sh: user namespaces and a second OCI runtime.
    public static final LabHost PODMAN_ROOTLESS = new LabHost("podman-rootless",
            "unix:///run/crosshost-lab/podman-rootless/podman/podman.sock");
    public static final LabHost DOCKER_USERNS = new LabHost("docker-userns", "unix:///run/crosshost-lab/docker-userns.sock");
    public static final LabHost DOCKER_CRUN = new LabHost("docker-crun", "unix:///run/crosshost-lab/docker-crun.sock");
    public static final List<LabHost> EXTRA_HOSTS = List.of(PODMAN_ROOTLESS, DOCKER_USERNS, DOCKER_CRUN);
    /** All six: the first three, then the extra ones. */
    public static final List<LabHost> ALL_HOSTS = List.of(DOCKER, DOCKER_LEGACY, PODMAN, PODMAN_ROOTLESS, DOCKER_USERNS, DOCKER_CRUN);

    public static final List<String> IMAGES = List.of(
            "crosshost.test/debian:11", "crosshost.test/debian:12", "crosshost.test/debian:13", "crosshost.test/busybox:latest");

    /** busybox plus /opt/high-uid owned by 200000:200000, and the docker save archive of it that the lab writes. */
    public static final String HIGH_UID_IMAGE = "crosshost.test/high-uid:latest";
    public static final java.nio.file.Path HIGH_UID_ARCHIVE = java.nio.file.Path.of("/var/cache/crosshost-lab/high-uid.docker-archive.tar");

    private LabHosts() {
    }

    /** A client of this host alone; pinging it first turns "host down" into a message naming the host and socket. */
    public static DockerClient connect(LabHost host) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host.endpoint()).build();
        var http = new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(host.endpoint()))
                .connectionTimeout(Duration.ofSeconds(5)).build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new AssertionError("lab host " + host.name() + " does not answer at " + host.endpoint()
                    + " (" + e.getMessage() + "); start the lab with: harness/lab/lab.sh up", e);
        }
        return client;
    }
}
