package io.crosshost.lab;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The lab that harness/lab/lab.sh brings up: three real hosts and four images. Integration tests use it
 * and fail, never skip, when a host is down: in CI the lab is up.
 */
public final class LabHosts {

    public record LabHost(String name, String endpoint) {
    }

    public static final LabHost DOCKER = new LabHost("docker", "unix:///var/run/docker.sock");
    public static final LabHost DOCKER_LEGACY = new LabHost("docker-legacy", "unix:///run/crosshost-lab/docker-legacy.sock");
    public static final LabHost PODMAN = new LabHost("podman", "unix:///run/podman/podman.sock");
    public static final List<LabHost> HOSTS = List.of(DOCKER, DOCKER_LEGACY, PODMAN);

    public static final List<String> IMAGES = List.of(
            "crosshost.test/debian:11", "crosshost.test/debian:12", "crosshost.test/debian:13", "crosshost.test/busybox:latest");

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
