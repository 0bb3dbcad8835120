package io.crosshost.pinpoint;

import io.crosshost.pinpoint.ProbeContainers.ProbeOutput;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The values are the lab's, from grep Cap /proc/self/status in a Debian 12 container on each host. */
class CapabilitiesTest {

    private static final String DOCKER = "00000000a80425fb";
    private static final String PODMAN = "00000000800405fb";

    @Test
    void dockersDefaultSetIsTheFourteenCapabilitiesOfItsTemplate() {
        assertThat(Capabilities.ofHex(DOCKER).names()).containsExactly("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER",
                "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW",
                "CAP_SYS_CHROOT", "CAP_MKNOD", "CAP_AUDIT_WRITE", "CAP_SETFCAP");
    }

    @Test
    void podmanLacksMknodNetRawAndAuditWriteRelativeToDocker() {
        Capabilities podman = Capabilities.ofHex(PODMAN);
        Capabilities docker = Capabilities.ofHex(DOCKER);

        assertThat(podman.missingRelativeTo(docker).names()).containsExactly("CAP_NET_RAW", "CAP_MKNOD", "CAP_AUDIT_WRITE");
        assertThat(podman.missingRelativeTo(docker).capAddNames()).containsExactly("NET_RAW", "MKNOD", "AUDIT_WRITE");
        assertThat(docker.missingRelativeTo(podman).names()).isEmpty();
        assertThat(podman.has("MKNOD")).isFalse();
        assertThat(docker.has("cap_mknod")).isTrue();
    }

    @Test
    void readsCapEffFromTheStatusFileAndNotTheOtherCapLines() {
        String status = "Name:\tcat\nCapInh:\t0000000000000000\nCapPrm:\t00000000a80425fb\nCapEff:\t00000000800405fb\n"
                + "CapBnd:\t00000000a80425fb\nCapAmb:\t0000000000000000\n";

        ProbeReading<Capabilities> reading = Capabilities.read(new ProbeOutput(0, status, ""));

        assertThat(reading).isEqualTo(new ProbeReading.Read<>(Capabilities.ofHex(PODMAN)));
    }

    @Test
    void theFullSetOfThisKernelNamesAllFortyOne() {
        Capabilities all = Capabilities.ofHex("000001ffffffffff");

        assertThat(all.names()).hasSize(41).startsWith("CAP_CHOWN").endsWith("CAP_BPF", "CAP_CHECKPOINT_RESTORE");
        assertThat(Capabilities.ofHex("0000020000000000").names()).containsExactly("cap_41");
    }

    @Test
    void namesRoundTripAndUnknownNamesAreRefused() {
        assertThat(Capabilities.of(List.of("MKNOD", "cap_net_raw", "CAP_AUDIT_WRITE")))
                .isEqualTo(Capabilities.ofHex(PODMAN).missingRelativeTo(Capabilities.ofHex(DOCKER)));
        assertThat(Capabilities.of(List.of("MKNOD")).mask()).isEqualTo(1L << 27);
        assertThatThrownBy(() -> Capabilities.of(List.of("CAP_FLY"))).hasMessageContaining("unknown capability: CAP_FLY");
    }

    @Test
    void anImageWithoutCatSaysSo() {
        ProbeReading<Capabilities> reading = Capabilities.read(new ProbeOutput(127, "",
                "exec: \"cat\": executable file not found in $PATH: unknown"));

        assertThat(reading).isInstanceOf(ProbeReading.CannotRun.class);
        assertThat(((ProbeReading.CannotRun<Capabilities>) reading).why()).contains("no cat", "executable file not found");
    }
}
