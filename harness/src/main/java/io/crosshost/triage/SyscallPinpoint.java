package io.crosshost.triage;

import io.crosshost.container.ContainerSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.pinpoint.Ddmin;
import io.crosshost.pinpoint.Errno;
import io.crosshost.pinpoint.ProbeReading;
import io.crosshost.pinpoint.SeccompProfileWriter;
import io.crosshost.pinpoint.SyscallDenial;
import io.crosshost.pinpoint.SyscallDenials;
import io.crosshost.pinpoint.SyscallProbe;
import io.crosshost.pinpoint.SyscallTable;
import io.crosshost.result.Status;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Which syscall a host's seccomp profile breaks the cell with, without reading the profile (a remote engine's is not
 * readable through its API): a probe learns what the host denies relative to an unconfined run, ddmin narrows the
 * denials down under profiles of our own that allow everything else, and two reruns confirm the culprits: the cell
 * fails when only they are denied with the host's errno, and passes when they answer ENOSYS instead (what Docker
 * 20.10 itself adopted for calls its profile does not know, so that C libraries fall back).
 */
final class SyscallPinpoint {

    /** Ddmin's own cap; with 2 probes and 2 confirmations a lab proof stays within 40 reruns. */
    private static final int MAX_TESTS = 34;

    private SyscallPinpoint() {
    }

    /** A host's denials as the probe saw them on one image, or why no image could run the probe; kept per host. */
    private record Denials(List<SyscallDenial> denials, int probes, String whyNot) {
    }

    static Pinpointed find(Reruns reruns, HostSession session, RunContext run, List<ImageSpec> probeImages, Optional<String> bug,
                           ProbeMemo memo) throws InterruptedException {
        long t0 = System.nanoTime();
        String host = reruns.cell().host().name();
        SeccompDelivery delivery = new SeccompDelivery(session);
        if (delivery.cannot().isPresent()) {
            return Pinpointed.nothing("syscall", "cannot name the syscall on " + host + ": " + delivery.cannot().get(), 0, 0, 0);
        }
        SyscallTable table = SyscallTable.x86_64();
        String key = "syscalls@" + host;
        boolean known = memo.has(key);
        Denials learned = memo.get(key, () -> probe(session, host, run, probeImages, table));
        List<SyscallDenial> denials = learned.denials();
        int probes = known ? 0 : learned.probes();
        int rerunsBefore = reruns.count();
        if (denials == null) {
            return Pinpointed.nothing("syscall", "no image on host " + host + " can run the syscall probe (" + learned.whyNot() + ")",
                    0, probes, seconds(t0));
        }
        List<SyscallDenial> candidates = SyscallDenials.candidates(denials, table);
        if (candidates.isEmpty()) {
            return Pinpointed.nothing("syscall", "the probe found no syscall that " + host + "'s profile answers differently from an "
                    + "unconfined run", 0, probes, seconds(t0));
        }
        Map<String, Integer> hostErrnos = SyscallDenials.hostErrnos(candidates);
        Ddmin.Result<SyscallDenial> found = Ddmin.<SyscallDenial>withCap(MAX_TESTS).trySinglesFirst(3)
                .minimize(candidates, subset -> reruns.statusWith(denying(delivery, errnosOf(subset, hostErrnos))) == Status.FAIL);
        if (found.verdict() != Ddmin.Verdict.MINIMAL && found.verdict() != Ddmin.Verdict.CAP_REACHED) {
            return Pinpointed.nothing("syscall", switch (found.verdict()) {
                case FULL_SET_PASSES -> "the cell passes with all " + candidates.size() + " calls the host denies denied the same way "
                        + "under a profile of ours: the failure is not the seccomp profile's denials alone";
                default -> "the cell fails even with no call denied under a profile of ours";
            }, reruns.count() - rerunsBefore, probes, seconds(t0));
        }
        List<SyscallDenial> culprits = found.culprits();
        Map<String, Integer> culpritErrnos = errnosOf(culprits, hostErrnos);
        Map<String, Integer> enosys = new LinkedHashMap<>();
        culprits.forEach(c -> enosys.put(c.name(), Errno.ENOSYS));
        boolean failsDenied = reruns.statusWith(denying(delivery, culpritErrnos)) == Status.FAIL;
        String workaround = hostProfileAnd(denials, enosys);
        boolean passesEnosys = reruns.statusWith(denying(delivery, workaround)) == Status.PASS;
        List<String> names = culprits.stream().map(c -> c.name() + " (" + Errno.name(culpritErrnos.get(c.name())) + ")").toList();
        String summary = String.join(", ", names) + (culprits.size() == 1 ? " is" : " are") + " denied by " + host
                + "'s seccomp profile, and the cell needs " + (culprits.size() == 1 ? "it" : "them") + " ("
                + (found.verdict() == Ddmin.Verdict.MINIMAL ? "minimal set" : "ddmin stopped at its cap; maybe not minimal") + ", "
                + found.testsRun() + " ddmin reruns)";
        List<Pinpointed.Action> actions = new ArrayList<>();
        actions.add(new Pinpointed.Action("denying only " + String.join(", ", names) + " under an otherwise unconfined profile makes "
                + "the cell fail", failsDenied));
        String calls = String.join(", ", culpritErrnos.keySet());
        actions.add(passesEnosys
                ? new Pinpointed.Action("workaround: answer " + calls + " with ENOSYS instead, as Docker >= 20.10 does for calls its "
                + "profile does not know, so the C library falls back: the profile written beside this triage (the host's denials "
                + "as the probe saw them, those calls answering ENOSYS) in the scenario's security_opt: [\"seccomp=FILE\"]", true)
                : new Pinpointed.Action("workaround: allow " + calls + " (answering ENOSYS instead did not make the cell pass: the "
                + "program has no fallback), e.g. with a profile of the host's that permits " + (culprits.size() == 1 ? "it" : "them"),
                false));
        actions.add(new Pinpointed.Action("fix on the host: an engine and libseccomp that know " + String.join(", ", culpritErrnos.keySet())
                + " (for faccessat2 and clone3: Docker >= 20.10.10 with libseccomp >= 2.4.4)" + bug.map(b -> "; see " + b).orElse(""),
                false));
        return new Pinpointed("syscall", names, summary, actions, reruns.count() - rerunsBefore, probes, seconds(t0),
                passesEnosys ? workaround : null);
    }

    /** Probes the host with the first image that can run the probe (it needs perl; busybox has none). */
    private static Denials probe(HostSession session, String host, RunContext run, List<ImageSpec> images, SyscallTable table)
            throws InterruptedException {
        List<String> whyNot = new ArrayList<>();
        int probes = 0;
        for (ImageSpec image : images) {
            HostProbes on = new HostProbes(session, host, run, image.reference(), "syscalls");
            ProbeReading<List<SyscallDenial>> reading = new SyscallProbe(table).denials(on);
            probes += on.count();
            if (reading instanceof ProbeReading.Read<List<SyscallDenial>> read) {
                return new Denials(read.value(), probes, null);
            }
            whyNot.add(image.name() + ": " + ((ProbeReading.CannotRun<List<SyscallDenial>>) reading).why());
        }
        return new Denials(null, probes, String.join("; ", whyNot));
    }

    private static Map<String, Integer> errnosOf(List<SyscallDenial> subset, Map<String, Integer> hostErrnos) {
        Map<String, Integer> errnos = new LinkedHashMap<>();
        subset.forEach(d -> errnos.put(d.name(), hostErrnos.get(d.name())));
        return errnos;
    }

    /** The cell under a profile of ours that allows everything but {@code errnos}. */
    private static UnaryOperator<ContainerSpec> denying(SeccompDelivery delivery, Map<String, Integer> errnos) {
        return denying(delivery, SeccompProfileWriter.denying(errnos));
    }

    private static UnaryOperator<ContainerSpec> denying(SeccompDelivery delivery, String profile) {
        return spec -> spec.plusSecurityOpt(delivery.securityOpt(profile));
    }

    /** A profile with the host's behaviour as the probe saw it, the culprits answering {@code changed} instead. */
    private static String hostProfileAnd(List<SyscallDenial> denials, Map<String, Integer> changed) {
        Map<String, Integer> errnos = new LinkedHashMap<>(SyscallDenials.hostErrnos(denials.stream()
                .filter(d -> d.kind() != SyscallDenial.Kind.KERNEL_LACKS_IT).toList()));
        errnos.putAll(changed);
        return SeccompProfileWriter.denying(errnos);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
