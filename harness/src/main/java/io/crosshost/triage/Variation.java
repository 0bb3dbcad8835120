package io.crosshost.triage;

import io.crosshost.container.ContainerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One controlled change to the cell's container, made to see whether it flips the result. Each lifts or changes
 * exactly one meta-API, so a flip points at that component. A variation changes the cell's {@link ContainerSpec}
 * and nothing else, so the rerun's reproducer says exactly what ran.
 */
public record Variation(String name, Component component, UnaryOperator<ContainerSpec> change) {

    public static final Variation AS_IS = new Variation("as is", Component.NOT_REPRODUCIBLE, UnaryOperator.identity());

    /** The variations that apply to a cell with this spec, most specific first. */
    public static List<Variation> standard(ContainerSpec spec) {
        List<Variation> all = new ArrayList<>();
        // First: a column that asks for another runtime (docker-crun) reruns with runc, which every engine has. When it
        // passes, the runtime is what differs, even if lifting seccomp also passes (crun answers EPERM where runc's stub
        // answers ENOSYS for the same profile).
        if (spec.runtime() != null && !spec.runtime().equals("runc")) {
            all.add(new Variation("--runtime runc", Component.OCI_RUNTIME, s -> s.with(b -> b.runtime = "runc")));
        }
        all.add(new Variation("seccomp=unconfined", Component.SECCOMP, s -> s.plusSecurityOpt("seccomp=unconfined")));
        all.add(new Variation("label=disable", Component.SELINUX, s -> s.plusSecurityOpt("label=disable")));
        if (!spec.capDrop().isEmpty()) {
            all.add(new Variation("cap_drop " + spec.capDrop() + " removed", Component.CAPABILITIES, s -> s.with(b -> b.capDrop.clear())));
        }
        // Where the engine may not grant every capability (as in this lab's own sandbox) this rerun is an ERROR.
        all.add(new Variation("--cap-add ALL", Component.CAPABILITIES, s -> s.with(b -> {
            b.capAdd = new ArrayList<>(List.of("ALL"));
            b.capDrop.clear();
        })));
        all.add(new Variation("--userns=host", Component.USER_NAMESPACE, s -> s.with(b -> b.usernsMode = "host")));

        if (spec.readOnly()) {
            all.add(new Variation("read-only rootfs off", Component.READ_ONLY_ROOTFS, s -> s.with(b -> b.readOnly = false)));
        }
        all.add(new Variation("no-new-privileges", Component.PRIVILEGES, s -> s.plusSecurityOpt("no-new-privileges")));
        all.add(new Variation("--privileged", Component.PRIVILEGES, s -> s.with(b -> {
            b.privileged = true;
            b.capDrop.clear();
        })));
        // Last: another user changes what the scenario means, so it explains a failure only when nothing else does.
        String user = spec.user();
        String otherUser = user == null || user.equals("root") || user.equals("0") ? "nobody" : "root";
        all.add(new Variation("--user " + otherUser, Component.USER, s -> s.with(b -> b.user = otherUser)));
        return all;
    }
}
