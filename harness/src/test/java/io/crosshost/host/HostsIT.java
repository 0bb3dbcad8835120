package io.crosshost.host;

import io.crosshost.lab.LabHosts;
import io.crosshost.matrix.Endpoint;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.runtime.HostSession;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Facts read from the lab's real hosts and images. */
class HostsIT {

    private static HostSession open(LabHosts.LabHost host) {
        HostSession session = HostSessions.open(new HostSpec(host.name(), new Endpoint(host.endpoint(), null), 1, Map.of()), io.crosshost.host.HostSettings.defaults());
        assertThat(session.facts().reachable()).as("lab host %s at %s: %s", host.name(), host.endpoint(), session.facts().error()).isTrue();
        return session;
    }

    private static ImageSpec image(String name, String ref) {
        return new ImageSpec(name, ref, null, ImageSpec.PullPolicy.NEVER, Map.of());
    }

    @Test
    void hostFactsTellTheThreeHostsApart() {
        try (HostSession docker = open(LabHosts.DOCKER); HostSession legacy = open(LabHosts.DOCKER_LEGACY);
             HostSession podman = open(LabHosts.PODMAN)) {
            HostFacts d = docker.facts();
            HostFacts l = legacy.facts();
            HostFacts p = podman.facts();

            assertThat(d.engine()).isEqualTo("Docker");
            assertThat(d.engineVersion()).startsWith("20.10");
            assertThat(d.seccompProfile()).isEqualTo("default");
            assertThat(l.seccompProfile()).endsWith("legacy-seccomp.json");
            assertThat(p.engine()).isEqualTo("Podman");
            assertThat(p.engineVersion()).startsWith("4.3");
            for (HostFacts f : new HostFacts[] {d, l, p}) {
                assertThat(f.kernel()).isNotBlank();
                assertThat(f.runtime()).isEqualTo("runc");
                assertThat(f.runtimeVersion()).isNotBlank();
                assertThat(f.cgroupVersion()).isIn("1", "2");
                assertThat(f.storageDriver()).isNotBlank();
            }
        }
    }

    @Test
    void imageFactsNameTheCLibraryOnEveryHostEvenUnderTheLegacyProfile() {
        for (LabHosts.LabHost host : LabHosts.HOSTS) {
            try (HostSession session = open(host)) {
                ImageFacts d11 = session.prepareImage(image("debian-11", "crosshost.test/debian:11"), io.crosshost.runtime.RunContext.start(io.crosshost.matrix.Defaults.STANDARD));
                ImageFacts d12 = session.prepareImage(image("debian-12", "crosshost.test/debian:12"), io.crosshost.runtime.RunContext.start(io.crosshost.matrix.Defaults.STANDARD));
                ImageFacts d13 = session.prepareImage(image("debian-13", "crosshost.test/debian:13"), io.crosshost.runtime.RunContext.start(io.crosshost.matrix.Defaults.STANDARD));
                ImageFacts busybox = session.prepareImage(image("busybox", "crosshost.test/busybox:latest"), io.crosshost.runtime.RunContext.start(io.crosshost.matrix.Defaults.STANDARD));

                assertThat(d11.libc() + " " + d11.libcVersion()).as(host.name()).isEqualTo("glibc 2.31");
                assertThat(d12.libc() + " " + d12.libcVersion()).as(host.name()).isEqualTo("glibc 2.36");
                assertThat(d13.libc() + " " + d13.libcVersion()).as(host.name()).isEqualTo("glibc 2.41");
                assertThat(d13.osRelease()).as(host.name()).isEqualTo("Debian GNU/Linux 13 (trixie)");
                assertThat(d13.packageManager()).isEqualTo("dpkg");
                assertThat(d13.libselinuxVersion()).isNotBlank();
                assertThat(d13.digest()).startsWith("sha256:");
                assertThat(busybox.libc()).isEqualTo("busybox-static");
                assertThat(busybox.packageManager()).isEqualTo("none");

                // Each image's packages (issue 15): dpkg's inventory, also under the legacy profile, and for busybox,
                // which has no package manager, its one static binary.
                assertThat(d11.packages().manager()).as(host.name()).isEqualTo(io.crosshost.pinpoint.PackageManager.DPKG);
                assertThat(d11.packages().get("libc6").orElseThrow().version()).as(host.name()).startsWith("2.31-");
                assertThat(d11.packages().get("libc6").orElseThrow().source()).isEqualTo("glibc");
                assertThat(d13.packages().get("libc6").orElseThrow().version()).as(host.name()).startsWith("2.41-");
                assertThat(d12.packages().packages()).as(host.name()).hasSizeBetween(80, 100);
                assertThat(busybox.packages().manager()).as(host.name()).isEqualTo(io.crosshost.pinpoint.PackageManager.NONE);
                assertThat(busybox.packages().staticBinaries()).as(host.name())
                        .containsExactly(new io.crosshost.pinpoint.StaticBinary("/bin/busybox", "1.35.0"));
            }
        }
    }

    @Test
    void aMissingImageIsAnErrorWithTheEnginesWords() {
        try (HostSession session = open(LabHosts.DOCKER)) {
            ImageFacts missing = session.prepareImage(image("nope", "crosshost.test/nope:1"), io.crosshost.runtime.RunContext.start(io.crosshost.matrix.Defaults.STANDARD));

            assertThat(missing.error()).isEqualTo("image crosshost.test/nope:1 is not on host docker and the matrix says pull: never");
        }
    }

    @Test
    void anUnreachableHostSaysWhichHostAndSocket() {
        HostSession session = HostSessions.open(new HostSpec("ghost", new Endpoint("unix:///run/crosshost-test/ghost.sock", null), 1, Map.of()), io.crosshost.host.HostSettings.defaults());

        assertThat(session.facts().reachable()).isFalse();
        assertThat(session.facts().error()).startsWith("host ghost: no engine answers at unix:///run/crosshost-test/ghost.sock")
                .contains("harness/lab/lab.sh up").doesNotContain("Exception:");
    }

    @Test
    void tcpWithoutTlsIsRefusedBeforeAnyTraffic() {
        HostSession session = HostSessions.open(new HostSpec("remote", new Endpoint("tcp://127.0.0.1:1", null), 1, Map.of()), io.crosshost.host.HostSettings.defaults());

        assertThat(session.facts().error()).contains("needs a TLS certificate directory").contains("never");
    }
}
