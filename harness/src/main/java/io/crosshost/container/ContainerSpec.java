package io.crosshost.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Everything a cell's container is created with, decided once per cell: the engine's create request
 * ({@code runtime.CreateRequest}) and the reproducer's command line ({@link CliWords}) are both rendered from
 * this one record, so a reproducer cannot drift from what the cell ran. Triage's variations change a spec, never
 * an engine request. Nothing here knows docker-java.
 *
 * <p>{@code command} is the container's main process as a person would run it; a multi-step cell's runner keeps
 * the container alive instead and runs the steps as execs with the same user, workdir and env (see
 * {@link CellContainerSpecs}).
 *
 * @param network         the network mode: {@code none}, {@code host}, {@code bridge}, a network's name
 * @param networkDisabled the API's NetworkDisabled as well (no engine-made network files); the CLI has no flag
 *                        for it and says {@code --network none}, which differs only in /etc/hosts and resolv.conf
 * @param memorySwapBytes memory plus swap; equal to the memory, so a memory eater cannot thrash the host's swap
 * @param logDriver       {@code none}: the harness attaches and caps the output itself (why: CellContainerSpecs)
 * @param runtime         the OCI runtime the engine should use, or null for the engine's default
 * @param usernsMode      {@code host} to leave the user namespace of a remapping engine, or null
 * @param entrypoint      replaces the image's entrypoint: null keeps it; {@code [""]} clears it, as
 *                        {@code --entrypoint ''} does (the form both engines and container-structure-test use)
 */
public record ContainerSpec(String image, List<String> command, String user, String workdir,
                            Map<String, String> env, Set<String> secretEnv,
                            String network, boolean networkDisabled, boolean readOnly, boolean privileged,
                            long memoryBytes, long memorySwapBytes, long pidsLimit,
                            List<String> capAdd, List<String> capDrop, List<String> securityOpt,
                            Map<String, String> tmpfs, List<Ulimit> ulimits, String logDriver,
                            Map<String, String> labels, String runtime, String usernsMode, List<String> entrypoint) {

    /** The entrypoint that clears the image's: the API's and the CLI's {@code --entrypoint ''}. */
    public static final List<String> NO_ENTRYPOINT = List.of("");

    /** A spec that keeps the image's entrypoint. */
    public ContainerSpec(String image, List<String> command, String user, String workdir,
                         Map<String, String> env, Set<String> secretEnv,
                         String network, boolean networkDisabled, boolean readOnly, boolean privileged,
                         long memoryBytes, long memorySwapBytes, long pidsLimit,
                         List<String> capAdd, List<String> capDrop, List<String> securityOpt,
                         Map<String, String> tmpfs, List<Ulimit> ulimits, String logDriver,
                         Map<String, String> labels, String runtime, String usernsMode) {
        this(image, command, user, workdir, env, secretEnv, network, networkDisabled, readOnly, privileged, memoryBytes,
                memorySwapBytes, pidsLimit, capAdd, capDrop, securityOpt, tmpfs, ulimits, logDriver, labels, runtime, usernsMode, null);
    }

    /** A soft and hard limit for one resource, as {@code --ulimit nofile=1024:2048} says. */
    public record Ulimit(String name, long soft, long hard) {

        public Ulimit {
            Objects.requireNonNull(name, "name");
        }

        public String text() {
            return name + "=" + soft + ":" + hard;
        }
    }

    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(network, "network");
        command = List.copyOf(command);
        // Sorted, so that a spec renders the same way every time and two specs compare by content.
        env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
        secretEnv = Set.copyOf(secretEnv);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        securityOpt = List.copyOf(securityOpt);
        tmpfs = java.util.Collections.unmodifiableMap(new TreeMap<>(tmpfs));
        ulimits = List.copyOf(ulimits);
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    }

    /** The same spec with some fields changed: {@code spec.with(b -> b.user = "nobody")}. */
    public ContainerSpec with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    public ContainerSpec withCommand(List<String> newCommand) {
        return with(b -> b.command = new ArrayList<>(newCommand));
    }

    /** The spec with one more security option, after the ones it has (an engine applies them in order). */
    public ContainerSpec plusSecurityOpt(String option) {
        return with(b -> b.securityOpt.add(option));
    }

    /** The spec with one label set (a shared container's cell label is "shared", say). */
    public ContainerSpec withLabel(String key, String value) {
        return with(b -> b.labels.put(key, value));
    }

    /**
     * The fields of a spec while it is being decided; lists and maps are mutable copies. Public fields, because
     * a builder with a setter per field would only repeat the record's own list of them.
     */
    public static final class Builder {
        public String image;
        public List<String> command;
        public String user;
        public String workdir;
        public Map<String, String> env;
        public Set<String> secretEnv;
        public String network;
        public boolean networkDisabled;
        public boolean readOnly;
        public boolean privileged;
        public long memoryBytes;
        public long memorySwapBytes;
        public long pidsLimit;
        public List<String> capAdd;
        public List<String> capDrop;
        public List<String> securityOpt;
        public Map<String, String> tmpfs;
        public List<Ulimit> ulimits;
        public String logDriver;
        public Map<String, String> labels;
        public String runtime;
        public String usernsMode;
        public List<String> entrypoint;

        private Builder(ContainerSpec s) {
            image = s.image;
            command = new ArrayList<>(s.command);
            user = s.user;
            workdir = s.workdir;
            env = new LinkedHashMap<>(s.env);
            secretEnv = new java.util.LinkedHashSet<>(s.secretEnv);
            network = s.network;
            networkDisabled = s.networkDisabled;
            readOnly = s.readOnly;
            privileged = s.privileged;
            memoryBytes = s.memoryBytes;
            memorySwapBytes = s.memorySwapBytes;
            pidsLimit = s.pidsLimit;
            capAdd = new ArrayList<>(s.capAdd);
            capDrop = new ArrayList<>(s.capDrop);
            securityOpt = new ArrayList<>(s.securityOpt);
            tmpfs = new LinkedHashMap<>(s.tmpfs);
            ulimits = new ArrayList<>(s.ulimits);
            logDriver = s.logDriver;
            labels = new LinkedHashMap<>(s.labels);
            runtime = s.runtime;
            usernsMode = s.usernsMode;
            entrypoint = s.entrypoint;
        }

        public ContainerSpec build() {
            return new ContainerSpec(image, command, user, workdir, env, secretEnv, network, networkDisabled, readOnly, privileged,
                    memoryBytes, memorySwapBytes, pidsLimit, capAdd, capDrop, securityOpt, tmpfs, ulimits, logDriver, labels,
                    runtime, usernsMode, entrypoint);
        }
    }

    /**
     * What an exec cannot change, so cells whose specs differ in it cannot share a kept container: everything but
     * the command, user, workdir, env and labels.
     */
    public ContainerSpec createTimePart() {
        return with(b -> {
            b.command = List.of();
            b.user = null;
            b.workdir = null;
            b.env = Map.of();
            b.secretEnv = Set.of();
            b.labels = Map.of();
        });
    }
}
