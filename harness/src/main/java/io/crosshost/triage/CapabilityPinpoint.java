package io.crosshost.triage;

import io.crosshost.container.ContainerSpec;
import io.crosshost.pinpoint.Capabilities;
import io.crosshost.pinpoint.ProbeReading;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Which capability the cell lacks. Two ways in: the scenario's own {@code cap_drop} (removing it flipped the cell),
 * or another host where the same image passes (its engine's default set has what this host's lacks). Either way
 * the candidates are tried one at a time, added back alone, and the first that makes the cell pass is named with
 * its workaround, confirmed by that rerun. {@code --cap-add ALL} and {@code --privileged} prove nothing here when
 * the runtime cannot grant every capability (in the lab's own sandbox both are ERROR); single capabilities work.
 */
final class CapabilityPinpoint {

    private CapabilityPinpoint() {
    }

    /**
     * @param passingHosts sessions of the hosts where the same image passes the scenario, by name
     */
    static Pinpointed find(Reruns reruns, HostSession session, RunContext run, Map<String, HostSession> passingHosts, ProbeMemo memo)
            throws InterruptedException {
        long t0 = System.nanoTime();
        int rerunsBefore = reruns.count();
        String host = reruns.cell().host().name();
        ContainerSpec spec = reruns.spec();
        String image = reruns.cell().image().reference();
        HostProbes here = new HostProbes(session, host, run, image, "capabilities");
        Optional<Capabilities> own = read(memo, host, here, spec);
        int probes = here.count();
        if (own.isEmpty()) {
            return Pinpointed.nothing("capability", "the image cannot print /proc/self/status on " + host, 0, probes, seconds(t0));
        }
        List<Candidate> candidates = new ArrayList<>();
        // What the scenario dropped: the host grants it without the drop.
        if (!spec.capDrop().isEmpty()) {
            Optional<Capabilities> undropped = read(memo, host, here, spec.with(b -> b.capDrop.clear()));

            probes = here.count();
            undropped.ifPresent(u -> own.get().missingRelativeTo(u).capAddNames()
                    .forEach(c -> candidates.add(new Candidate(c, "the scenario's cap_drop " + spec.capDrop() + " removes it"))));
        }
        for (Map.Entry<String, HostSession> other : passingHosts.entrySet()) {
            HostProbes there = new HostProbes(other.getValue(), other.getKey(), run, image, "capabilities");
            Optional<Capabilities> theirs = read(memo, other.getKey(), there, spec);
            probes += there.count();
            theirs.ifPresent(t -> own.get().missingRelativeTo(t).capAddNames().stream()
                    .filter(c -> candidates.stream().noneMatch(k -> k.name().equals(c)))
                    .forEach(c -> candidates.add(new Candidate(c, host + "'s default set lacks " + c + ", " + other.getKey() + "'s has it"))));
        }
        if (candidates.isEmpty()) {
            return Pinpointed.nothing("capability", host + " grants every capability that the scenario's other hosts grant",
                    0, probes, seconds(t0));
        }
        for (Candidate c : candidates) {
            if (reruns.statusWith(withCapability(c.name())) == io.crosshost.result.Status.PASS) {
                return new Pinpointed("capability", List.of("CAP_" + c.name()), "CAP_" + c.name() + ": " + c.why()
                        + "; the cell passes with it added alone",
                        List.of(new Pinpointed.Action("workaround: cap_add: [" + c.name() + "] in the scenario", true),
                                new Pinpointed.Action("or on the host: grant " + c.name() + " by default (Podman: default_capabilities in "
                                        + "containers.conf)", false)),
                        reruns.count() - rerunsBefore, probes, seconds(t0), null);
            }
        }
        return Pinpointed.nothing("capability", "no capability of " + candidates.stream().map(Candidate::name).toList()
                + ", added alone, makes the cell pass", reruns.count() - rerunsBefore, probes, seconds(t0));
    }

    private record Candidate(String name, String why) {
    }

    /** The capability added back: out of the scenario's drop list, and into its add list. */
    private static UnaryOperator<ContainerSpec> withCapability(String name) {
        return s -> s.with(b -> {
            b.capDrop.remove(name);
            if (!b.capAdd.contains(name)) {
                b.capAdd.add(name);
            }
        });
    }

    /** The effective set of a probe run with the cell's own capability options, once per host, image and options. */
    private static Optional<Capabilities> read(ProbeMemo memo, String host, HostProbes probes, ContainerSpec cellSpec)
            throws InterruptedException {
        return memo.get("capabilities@" + host + ":" + cellSpec.image() + ":" + cellSpec.capAdd() + ":" + cellSpec.capDrop(),
                () -> readNow(probes, cellSpec));
    }

    private static Optional<Capabilities> readNow(HostProbes probes, ContainerSpec cellSpec) throws InterruptedException {
        var out = probes.run(Capabilities.PROBE_COMMAND, s -> s.with(b -> {
            b.capAdd = new ArrayList<>(cellSpec.capAdd());
            b.capDrop = new ArrayList<>(cellSpec.capDrop());
        }));
        return Capabilities.read(out) instanceof ProbeReading.Read<Capabilities> r ? Optional.of(r.value()) : Optional.empty();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
