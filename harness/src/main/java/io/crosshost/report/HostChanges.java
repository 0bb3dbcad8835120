package io.crosshost.report;

import io.crosshost.report.RunDiff.FactChange;
import io.crosshost.result.HostFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Which facts of each host differ between two runs: its engine, runtime, kernel, security and id mappings. */
final class HostChanges {

    private static final FactTable<HostFacts> FACTS = new FactTable<HostFacts>()
            .with("reachable", HostFacts::reachable)
            .with("engine", HostFacts::engine)
            .with("engineVersion", HostFacts::engineVersion)
            .with("apiVersion", HostFacts::apiVersion)
            .with("os", HostFacts::os)
            .with("kernel", HostFacts::kernel)
            .with("architecture", HostFacts::architecture)
            .with("runtime", HostFacts::runtime)
            .with("runtimeVersion", HostFacts::runtimeVersion)
            .with("cgroupVersion", HostFacts::cgroupVersion)
            .with("cgroupDriver", HostFacts::cgroupDriver)
            .with("seccompProfile", HostFacts::seccompProfile)
            // Order of security options is the engine's, not meaningful: compare them as sets.
            .with("securityOptions", h -> String.join(",", new TreeSet<>(h.securityOptions())))
            .with("selinux", HostFacts::selinux)
            .with("apparmor", HostFacts::apparmor)
            .with("rootless", HostFacts::rootless)
            .with("userns", HostFacts::userns)
            .with("storageDriver", HostFacts::storageDriver)
            .with("uidMap", h -> h.uidMap().isEmpty() ? null : String.join(", ", h.uidMap()))
            .with("gidMap", h -> h.gidMap().isEmpty() ? null : String.join(", ", h.gidMap()));

    private HostChanges() {
    }

    /** The changed facts of every host of the current run that the baseline had too, host by host. */
    static List<FactChange> between(RunResults baseline, RunResults current) {
        List<FactChange> changes = new ArrayList<>();
        for (HostFacts now : current.hosts()) {
            baseline.host(now.host()).ifPresent(was -> changes.addAll(of(was, now)));
        }
        return changes;
    }

    /** The facts of one host that differ; of a host unreachable on either side, only its reachability was seen. */
    static List<FactChange> of(HostFacts was, HostFacts now) {
        String subject = subject(now.host());
        if (!was.reachable() || !now.reachable()) {
            // An unreachable host's facts are nulls and falses that nobody saw: only the reachability was.
            return FactTable.change(subject, "reachable", was.reachable(), now.reachable()).stream().toList();
        }
        return FACTS.changes(subject, was, now);
    }

    /** "host docker": how a fact change and a likely cause name the host. */
    static String subject(String host) {
        return "host " + host;
    }
}
