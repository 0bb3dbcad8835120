package io.crosshost.triage;

import com.github.dockerjava.api.model.HostConfig;
import io.crosshost.scenario.RunOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One controlled change to how a cell runs, made to see whether it flips the result. Each lifts or changes
 * exactly one meta-API, so a flip points at that component.
 */
public record Variation(String name, Component component, UnaryOperator<RunOptions> options, Consumer<HostConfig> hostConfig) {

    public static final Variation AS_IS = new Variation("as is", Component.NOT_REPRODUCIBLE, o -> o, h -> { });

    /** The variations that apply to a scenario with these options, most specific first. */
    public static List<Variation> standard(RunOptions o) {
        List<Variation> all = new ArrayList<>();
        all.add(new Variation("seccomp=unconfined", Component.SECCOMP, x -> withSecurityOpt(x, "seccomp=unconfined"), h -> { }));
        all.add(new Variation("label=disable", Component.SELINUX, x -> withSecurityOpt(x, "label=disable"), h -> { }));
        if (!o.capDrop().isEmpty()) {
            all.add(new Variation("cap_drop " + o.capDrop() + " removed", Component.CAPABILITIES,
                    x -> copy(x, x.user(), x.capAdd(), List.of(), x.securityOpt(), x.readOnly(), x.privileged()), h -> { }));
        }
        // Where the engine may not grant every capability (as in this lab's own sandbox) this rerun is an ERROR.
        all.add(new Variation("--cap-add ALL", Component.CAPABILITIES,
                x -> copy(x, x.user(), List.of("ALL"), List.of(), x.securityOpt(), x.readOnly(), x.privileged()), h -> { }));
        all.add(new Variation("--userns=host", Component.USER_NAMESPACE, x -> x, h -> h.withUsernsMode("host")));
        if (o.readOnly()) {
            all.add(new Variation("read-only rootfs off", Component.READ_ONLY_ROOTFS,
                    x -> copy(x, x.user(), x.capAdd(), x.capDrop(), x.securityOpt(), false, x.privileged()), h -> { }));
        }
        all.add(new Variation("no-new-privileges", Component.PRIVILEGES, x -> withSecurityOpt(x, "no-new-privileges"), h -> { }));
        all.add(new Variation("--privileged", Component.PRIVILEGES,
                x -> copy(x, x.user(), x.capAdd(), List.of(), x.securityOpt(), x.readOnly(), true), h -> { }));
        // Last: another user changes what the scenario means, so it explains a failure only when nothing else does.
        String otherUser = o.user() == null || o.user().equals("root") || o.user().equals("0") ? "nobody" : "root";
        all.add(new Variation("--user " + otherUser, Component.USER,
                x -> copy(x, otherUser, x.capAdd(), x.capDrop(), x.securityOpt(), x.readOnly(), x.privileged()), h -> { }));
        return all;
    }

    private static RunOptions withSecurityOpt(RunOptions o, String opt) {
        List<String> opts = new ArrayList<>(o.securityOpt());
        opts.add(opt);
        return copy(o, o.user(), o.capAdd(), o.capDrop(), opts, o.readOnly(), o.privileged());
    }

    private static RunOptions copy(RunOptions o, String user, List<String> capAdd, List<String> capDrop, List<String> securityOpt,
                                   boolean readOnly, boolean privileged) {
        return new RunOptions(user, o.workdir(), o.env(), o.secretEnv(), o.timeout(), o.network(), capAdd, capDrop, securityOpt,
                readOnly, privileged, o.memoryBytes(), o.pidsLimit());
    }
}
