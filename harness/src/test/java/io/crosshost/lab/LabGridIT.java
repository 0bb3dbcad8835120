package io.crosshost.lab;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LoadImageCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lab reproduces its bugs for real, checked here through docker-java alone, cell by cell on all six hosts:
 * <ul>
 *   <li>faccessat2: glibc >= 2.33 (Debian 12 and 13) asks the kernel for faccessat2, docker-legacy's seccomp profile
 *       answers EPERM as Docker < 20.10 did, and bash's {@code [ -x /bin/sh ]} turns false; every other host, and
 *       glibc 2.31 (Debian 11), is unaffected;</li>
 *   <li>user namespaces: in podman-rootless and docker-userns, chown to uid 70000 gives EINVAL, mknod EPERM, and a
 *       write to an unmasked /proc/sys EACCES; rootless Podman on cgroup v1 applies no memory limit; an image with a file
 *       owned by uid 200000 cannot even be stored there, in each engine's own words;</li>
 *   <li>the OCI runtime: on one engine and one seccomp profile, fchmodat2 (newer than Docker 20.10's profile) answers
 *       ENOSYS under runc's stub and EPERM under crun.</li>
 * </ul>
 * This is the grid every later end-to-end test builds on.
 */
class LabGridIT {

    @Test
    void faccessat2FailsExactlyOnTheLegacyHostForGlibc233AndLater() throws Exception {
        Map<String, Integer> grid = new TreeMap<>();
        for (LabHosts.LabHost host : LabHosts.ALL_HOSTS) {
            DockerClient client = LabHosts.connect(host);
            for (String image : LabHosts.IMAGES) {
                String shell = image.contains("busybox") ? "sh" : "bash";
                grid.put(host.name() + " " + image, run(client, image, HostConfig.newHostConfig(), shell, "[ -x /bin/sh ] && echo ok").exitCode());
            }
        }
        Map<String, Integer> expected = new TreeMap<>();
        LabHosts.ALL_HOSTS.forEach(h -> LabHosts.IMAGES.forEach(i -> expected.put(h.name() + " " + i, 0)));
        expected.put("docker-legacy crosshost.test/debian:12", 1);
        expected.put("docker-legacy crosshost.test/debian:13", 1);
        assertThat(grid).containsExactlyInAnyOrderEntriesOf(expected);
    }

    /**
     * One Debian 13 container per host, 256 MiB and /proc/sys unmasked (what the docker CLI sends for
     * {@code --security-opt systempaths=unconfined}), printing what each meta-API gave it.
     */
    @Test
    void userNamespacesAndTheRuntimeBreakWhatTheyBreakHostByHost() throws Exception {
        String probe = String.join("\n",
                "grep -q '^ *0 *0 *4294967295' /proc/self/uid_map && echo ids=host || echo ids=mapped",
                "touch /tmp/f; out=$(chown 70000 /tmp/f 2>&1) && echo chown=ok || echo \"chown=${out##*: }\"",
                "out=$(mknod /tmp/n c 1 3 2>&1) && echo mknod=ok || echo \"mknod=${out##*: }\"",
                "out=$( (echo crosshost.test > /proc/sys/kernel/domainname) 2>&1) && echo procsys=ok || echo \"procsys=${out##*: }\"",
                "echo memory=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)",
                "ln -sf /tmp/f /tmp/l; echo fchmodat2=$(perl -e 'my $p = \"/tmp/l\"; syscall(452, -100, $p, 0600, 0x100); print $!+0')");
        Map<String, String> grid = new TreeMap<>();
        for (LabHosts.LabHost host : LabHosts.ALL_HOSTS) {
            Result r = run(LabHosts.connect(host), "crosshost.test/debian:13", new UnmaskedPaths().withMemory(256L << 20), "bash", probe);
            assertThat(r.exitCode()).as(host.name() + ": " + r.output()).isZero();
            grid.put(host.name(), r.output().strip().replace('\n', ' '));
        }
        String limited = "memory=268435456";
        assertThat(grid).containsExactlyInAnyOrderEntriesOf(Map.of(
                "docker", "ids=host chown=ok mknod=ok procsys=ok " + limited + " fchmodat2=38",
                "docker-legacy", "ids=host chown=ok mknod=ok procsys=ok " + limited + " fchmodat2=95",
                // Podman's compatible API ignores MaskedPaths/ReadonlyPaths: /proc/sys stays read-only.
                "podman", "ids=host chown=ok mknod=Operation not permitted procsys=Read-only file system " + limited + " fchmodat2=38",
                "podman-rootless", "ids=mapped chown=Invalid argument mknod=Operation not permitted procsys=Read-only file system"
                        + " memory=9223372036854771712 fchmodat2=38",
                "docker-userns", "ids=mapped chown=Invalid argument mknod=Operation not permitted procsys=Permission denied "
                        + limited + " fchmodat2=38",
                "docker-crun", "ids=host chown=ok mknod=ok procsys=ok " + limited + " fchmodat2=1"));
    }

    /** Where the lab stored the high-uid image it is there; where it could not, loading its archive fails in the engine's words. */
    @Test
    void theHighUidImageCannotBeStoredUnderA65536IdMapping() throws Exception {
        assertThat(Files.isRegularFile(LabHosts.HIGH_UID_ARCHIVE)).as(LabHosts.HIGH_UID_ARCHIVE + " (lab.sh up writes it)").isTrue();
        for (LabHosts.LabHost host : LabHosts.ALL_HOSTS) {
            DockerClient client = LabHosts.connect(host);
            if (host == LabHosts.PODMAN_ROOTLESS || host == LabHosts.DOCKER_USERNS) {
                assertThatThrownBy(() -> client.inspectImageCmd(LabHosts.HIGH_UID_IMAGE).exec()).isInstanceOf(NotFoundException.class);
                String words = host == LabHosts.PODMAN_ROOTLESS
                        ? "potentially insufficient UIDs or GIDs available in user namespace (requested 200000:200000 for /opt/high-uid)"
                        : "Container ID 200000 cannot be mapped to a host ID";
                assertThatThrownBy(() -> load(client)).as(host.name()).hasMessageContaining(words);
                assertThatThrownBy(() -> client.inspectImageCmd(LabHosts.HIGH_UID_IMAGE).exec()).isInstanceOf(NotFoundException.class);
            } else {
                Result r = run(client, LabHosts.HIGH_UID_IMAGE, HostConfig.newHostConfig(), "sh", "stat -c %u:%g /opt/high-uid");
                assertThat(r.output().strip()).as(host.name()).isEqualTo("200000:200000");
            }
        }
    }

    private static void load(DockerClient client) throws Exception {
        try (InputStream tar = Files.newInputStream(LabHosts.HIGH_UID_ARCHIVE)) {
            LoadImageCallback loading = client.loadImageAsyncCmd(tar).exec(new LoadImageCallback());
            assertThat(loading.awaitCompletion(60, TimeUnit.SECONDS)).isTrue();
            loading.awaitMessage();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(DockerClient client, String image, HostConfig host, String shell, String script) throws Exception {
        String id = client.createContainerCmd(image).withCmd(shell, "-c", script)
                .withLabels(Map.of("crosshost.test", "LabGridIT"))
                .withHostConfig(host.withNetworkMode("none")).exec().getId();
        try {
            client.startContainerCmd(id).exec();
            int code = client.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(60, TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
            return new Result(code, out.toString());
        } finally {
            client.removeContainerCmd(id).withForce(true).exec();
        }
    }

    /** The host config the docker CLI sends for {@code --security-opt systempaths=unconfined}. */
    private static final class UnmaskedPaths extends HostConfig {
        private static final long serialVersionUID = 1L;
        @com.fasterxml.jackson.annotation.JsonProperty("MaskedPaths")
        private final java.util.List<String> maskedPaths = java.util.List.of();
        @com.fasterxml.jackson.annotation.JsonProperty("ReadonlyPaths")
        private final java.util.List<String> readonlyPaths = java.util.List.of();
    }
}
