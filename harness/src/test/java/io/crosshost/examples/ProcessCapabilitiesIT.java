package io.crosshost.examples;

import io.crosshost.jupiter.CellContainer;
import io.crosshost.jupiter.CrosshostTest;
import io.crosshost.jupiter.ExecResult;
import io.crosshost.jupiter.Matrix;
import io.crosshost.pinpoint.Capabilities;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example of a Java cross-host check: a process started in the container has the engine's default
 * capability set, on every host of the lab, for an image with a C library and for static busybox. Docker (both
 * dockerd of the lab, 20.10.24) grants 14 capabilities, Podman 4.3 leaves NET_RAW, MKNOD and AUDIT_WRITE out; read by
 * hand on the lab first (2026-12-01: CapEff a80425fb on docker and docker-legacy, 800405fb on podman).
 */
@Matrix("scenarios/matrices/lab.yaml")
class ProcessCapabilitiesIT {

    private static final List<String> PODMAN_DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID",
            "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_SETFCAP");
    private static final List<String> DOCKER_DEFAULT = concat(PODMAN_DEFAULT, "CAP_NET_RAW", "CAP_MKNOD", "CAP_AUDIT_WRITE");

    @CrosshostTest(images = {"debian-13", "busybox"})
    void aStartedProcessHasTheEnginesDefaultCapabilities(CellContainer container) {
        ExecResult started = container.sh("sleep 300 >/dev/null 2>&1 & echo $!");
        started.assertThat().succeeds();
        String pid = started.stdout().strip();

        ExecResult status = container.exec("cat", "/proc/" + pid + "/status");
        status.assertThat().succeeds().stdout().contains("State:\tS (sleeping)");
        String capEff = status.stdout().lines().filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow()
                .substring("CapEff:".length()).strip();

        boolean podman = "Podman".equals(container.hostFacts().engine());
        assertThat(Capabilities.ofHex(capEff).names())
                .as("[%s] effective capabilities of pid %s (CapEff %s, %s %s)", container.cell(), pid, capEff,
                        container.hostFacts().engine(), container.hostFacts().engineVersion())
                .containsExactlyInAnyOrderElementsOf(podman ? PODMAN_DEFAULT : DOCKER_DEFAULT);
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }
}
