package io.crosshost.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the scenario's container is run. Privileged and the security options are only what the scenario wrote.
 * Null means "the matrix default" (for {@code network}: the matrix's {@code defaults.network}, {@code none}
 * unless it says {@code disabled}). {@code entrypoint} replaces the image's entrypoint: null keeps it, an empty list
 * clears it (container-structure-test runs every command so, without the image's entrypoint and without a shell).
 */
public record RunOptions(String user, String workdir, Map<String, String> env, Set<String> secretEnv,
                         Duration timeout, String network, List<String> capAdd, List<String> capDrop,
                         List<String> securityOpt, boolean readOnly, boolean privileged,
                         Long memoryBytes, Long pidsLimit, List<String> entrypoint) {

    public static final RunOptions DEFAULT = new RunOptions(null, null, Map.of(), Set.of(), null, null,
            List.of(), List.of(), List.of(), false, false, null, null);

    /** The image's own entrypoint. */
    public RunOptions(String user, String workdir, Map<String, String> env, Set<String> secretEnv,
                      Duration timeout, String network, List<String> capAdd, List<String> capDrop,
                      List<String> securityOpt, boolean readOnly, boolean privileged,
                      Long memoryBytes, Long pidsLimit) {
        this(user, workdir, env, secretEnv, timeout, network, capAdd, capDrop, securityOpt, readOnly, privileged,
                memoryBytes, pidsLimit, null);
    }

    public RunOptions {
        env = Map.copyOf(env);
        secretEnv = Set.copyOf(secretEnv);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        securityOpt = List.copyOf(securityOpt);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    }
}
