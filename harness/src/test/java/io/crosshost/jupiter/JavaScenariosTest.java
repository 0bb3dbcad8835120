package io.crosshost.jupiter;

import io.crosshost.scenario.Scenario;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaScenariosTest {

    static class ProcessCapabilitiesIT {
        @CrosshostTest
        @KnownFailure(hosts = "podman*", reason = "no MKNOD", bug = "https://github.com/containers/podman/issues/15626")
        @KnownFailure(images = "busybox", reason = "no perl")
        void effectiveSetOfAStartedProcess() {
        }

        @CrosshostTest(id = "caps.chosen", title = "a chosen title")
        void chosen() {
        }

        @CrosshostTest(id = "Not An Id")
        void badId() {
        }
    }

    private static Scenario of(String method) throws Exception {
        return JavaScenarios.of(ProcessCapabilitiesIT.class.getDeclaredMethod(method), method + "()", Set.of("caps"));
    }

    @Test
    void theDefaultIdIsTheClassAndMethodInKebabCase() throws Exception {
        Scenario s = of("effectiveSetOfAStartedProcess");
        assertThat(s.id()).isEqualTo("process-capabilities-it.effective-set-of-a-started-process");
        assertThat(s.title()).isEqualTo("effectiveSetOfAStartedProcess()");
        assertThat(s.tags()).containsExactly("caps");
        assertThat(s.knownFailureFor("podman", "debian-12")).hasValueSatisfying(k -> assertThat(k.reason()).isEqualTo("no MKNOD"));
        assertThat(s.knownFailureFor("docker", "busybox")).hasValueSatisfying(k -> assertThat(k.bug()).isNull());
        assertThat(s.knownFailureFor("docker", "debian-12")).isEmpty();
        assertThat(s.bugs()).containsExactly("https://github.com/containers/podman/issues/15626");
    }

    @Test
    void anIdAndTitleCanBeChosenAndABadIdIsRefusedWithAFix() throws Exception {
        assertThat(of("chosen").id()).isEqualTo("caps.chosen");
        assertThat(of("chosen").title()).isEqualTo("a chosen title");
        assertThatThrownBy(() -> of("badId")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("#badId: the id 'Not An Id' is not a scenario id").hasMessageContaining("my-check");
    }
}
