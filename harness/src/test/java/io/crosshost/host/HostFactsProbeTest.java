package io.crosshost.host;

import com.github.dockerjava.api.model.VersionComponent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HostFactsProbeTest {

    private static VersionComponent component(String name, String version) {
        return new VersionComponent().withName(name).withVersion(version);
    }

    @Test
    void dockerListsItsRuntimeAsAComponent() {
        List<VersionComponent> docker = List.of(component("Engine", "20.10.24"), component("containerd", "1.6.20"),
                component("runc", "1.1.5+ds1"), component("docker-init", "0.19.0"));

        assertThat(HostFactsProbe.runtimeName(docker, Set.of("runc", "io.containerd.runc.v2"))).isEqualTo("runc");
        assertThat(HostFactsProbe.runtimeVersion(docker, "runc")).isEqualTo("1.1.5+ds1");
    }

    @Test
    void podmanNamesItsRuntimeInTheComponentAndPrintsItsVersionText() {
        List<VersionComponent> podman = List.of(component("Podman Engine", "4.3.1"), component("Conmon", "conmon version 2.1.6"),
                component("OCI Runtime (crun)", "crun version 1.8.1\ncommit: abc\nspec: 1.0.0"));

        assertThat(HostFactsProbe.runtimeName(podman, Set.of("crun", "runc"))).isEqualTo("crun");
        assertThat(HostFactsProbe.runtimeVersion(podman, "crun")).isEqualTo("1.8.1");
    }

    @Test
    void securityOptionsAreReadByNameAndKey() {
        List<String> options = List.of("name=seccomp,profile=/var/lib/crosshost-lab/legacy-seccomp.json", "name=selinux", "name=rootless");

        assertThat(HostFactsProbe.securityOption(options, "seccomp", "profile")).contains("/var/lib/crosshost-lab/legacy-seccomp.json");
        assertThat(HostFactsProbe.securityOption(options, "selinux", null)).isPresent();
        assertThat(HostFactsProbe.securityOption(options, "apparmor", null)).isEmpty();
    }
}
