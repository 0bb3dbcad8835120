package io.crosshost.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.HostConfig;

import java.util.List;

/**
 * {@code security_opt: systempaths=unconfined} as the docker CLI sends it: not a security option (dockerd refuses
 * it: "invalid --security-opt 2") but empty {@code MaskedPaths} and {@code ReadonlyPaths} in the host config, which
 * docker-java's HostConfig has no fields for. Podman's compatible API ignores both fields, as it does for the docker
 * CLI, so /proc/sys stays read-only there: the same cell means the same thing through the harness and by hand.
 */
final class UnmaskedSystemPaths extends HostConfig {

    static final String OPTION = "systempaths=unconfined";

    private static final long serialVersionUID = 1L;

    @JsonProperty("MaskedPaths")
    private final List<String> maskedPaths = List.of();

    @JsonProperty("ReadonlyPaths")
    private final List<String> readonlyPaths = List.of();

    List<String> maskedPaths() {
        return maskedPaths;
    }

    List<String> readonlyPaths() {
        return readonlyPaths;
    }
}
