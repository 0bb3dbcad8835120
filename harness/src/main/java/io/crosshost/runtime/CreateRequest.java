package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import io.crosshost.container.ContainerSpec;

import java.util.List;

/**
 * A {@link ContainerSpec} as docker-java's create request. The reproducer's command line is rendered from the same
 * spec by {@code container.CliWords}; {@code ContainerSpecRenderingTest} checks that the two say the same thing.
 */
final class CreateRequest {

    private CreateRequest() {
    }

    /** The create command for the spec on this client; an unknown capability name is a cell that cannot run. */
    static CreateContainerCmd of(DockerClient client, ContainerSpec spec) throws CellCouldNotRun {
        boolean unmasked = spec.securityOpt().contains(UnmaskedSystemPaths.OPTION);
        HostConfig host = (unmasked ? new UnmaskedSystemPaths() : HostConfig.newHostConfig())
                .withNetworkMode(spec.network())
                .withReadonlyRootfs(spec.readOnly())
                .withPrivileged(spec.privileged())
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memorySwapBytes())
                .withPidsLimit(spec.pidsLimit());
        if (spec.logDriver() != null) {
            host.withLogConfig(new LogConfig(LogConfig.LoggingType.fromValue(spec.logDriver()), null));
        }
        if (!spec.capAdd().isEmpty()) {
            host.withCapAdd(capabilities(spec.capAdd()));
        }
        if (!spec.capDrop().isEmpty()) {
            host.withCapDrop(capabilities(spec.capDrop()));
        }
        List<String> securityOpts = spec.securityOpt().stream().filter(o -> !o.equals(UnmaskedSystemPaths.OPTION)).toList();
        if (!securityOpts.isEmpty()) {
            host.withSecurityOpts(securityOpts);
        }
        if (!spec.tmpfs().isEmpty()) {
            host.withTmpFs(spec.tmpfs());
        }
        if (!spec.ulimits().isEmpty()) {
            host.withUlimits(spec.ulimits().stream().map(u -> new Ulimit(u.name(), u.soft(), u.hard())).toList());
        }
        if (spec.runtime() != null) {
            host.withRuntime(spec.runtime());
        }
        if (spec.usernsMode() != null) {
            host.withUsernsMode(spec.usernsMode());
        }
        CreateContainerCmd create = client.createContainerCmd(spec.image())
                .withCmd(spec.command())
                .withLabels(spec.labels())
                .withHostConfig(host)
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        if (spec.entrypoint() != null) {
            create.withEntrypoint(spec.entrypoint());
        }
        if (spec.networkDisabled()) {
            create.withNetworkDisabled(true);
        }
        if (spec.user() != null) {
            create.withUser(spec.user());
        }
        if (spec.workdir() != null) {
            create.withWorkingDir(spec.workdir());
        }
        return create;
    }

    private static Capability[] capabilities(List<String> names) throws CellCouldNotRun {
        try {
            return names.stream().map(Capability::valueOf).toArray(Capability[]::new);
        } catch (IllegalArgumentException e) {
            throw new CellCouldNotRun("unknown capability in cap_add/cap_drop " + names + ": " + e.getMessage());
        }
    }
}
