package io.crosshost.runtime;

import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DockerClientConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerPidsTest {

    /** Trimmed from what Podman 4.3.1 answered here for a fork-bomb container: a user-mode CPU counter wrapped below zero. */
    private static final String PODMAN_WRAPPED_COUNTER = """
            {"read":"2026-11-27T03:19:19.9Z","pids_stats":{"current":1024},
             "cpu_stats":{"cpu_usage":{"total_usage":9120000000,"usage_in_usermode":18446744073657045627,"usage_in_kernelmode":9170000000},
             "system_cpu_usage":123456789,"online_cpus":2}}
            """;

    @Test
    void readsTheProcessCountWhenAnotherCounterDoesNotFitALong() throws Exception {
        assertThat(ContainerPids.fromStats(stream(PODMAN_WRAPPED_COUNTER))).isEqualTo(1024L);
    }

    @Test
    void docker_javasOwnModelFailsOnTheSameResponseWhichIsWhyItIsNotUsed() {
        assertThatThrownBy(() -> DockerClientConfig.getDefaultObjectMapper().readValue(PODMAN_WRAPPED_COUNTER, Statistics.class))
                .hasMessageContaining("out of range of long");
    }

    @Test
    void noCountWhenTheEngineGivesNone() throws Exception {
        assertThat(ContainerPids.fromStats(stream("{\"pids_stats\":{}}"))).isNull();
        assertThat(ContainerPids.fromStats(stream("{\"read\":\"x\"}"))).isNull();
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
