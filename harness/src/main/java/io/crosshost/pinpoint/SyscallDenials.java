package io.crosshost.pinpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares a host's probe run with an unconfined one: what the host's profile does to each call. */
public final class SyscallDenials {

    private SyscallDenials() {
    }

    /**
     * The calls whose answer on the host differs from the unconfined run, in table order. A call the kernel refuses
     * anyway (mount without CAP_SYS_ADMIN, EPERM both ways) is not a denial of the profile and is left out.
     */
    public static List<SyscallDenial> compare(SyscallProbeResult host, SyscallProbeResult unconfined) {
        List<SyscallDenial> denials = new ArrayList<>();
        host.answers().forEach((name, answer) -> {
            int free = unconfined.errno(name).orElse(answer.errno());
            if (free != answer.errno()) {
                denials.add(new SyscallDenial(name, answer.nr(), answer.errno(), free, kind(answer.errno(), free)));
            }
        });
        host.killedAt().ifPresent(name -> {
            SyscallProbeResult.Answer free = unconfined.answers().get(name);
            if (free != null) {
                denials.add(new SyscallDenial(name, free.nr(), SyscallDenial.KILLED, free.errno(), SyscallDenial.Kind.KILLED));
            }
        });
        denials.sort(Comparator.comparingInt(SyscallDenial::nr));
        return denials;
    }

    private static SyscallDenial.Kind kind(int host, int free) {
        if (free == Errno.ENOSYS) {
            return SyscallDenial.Kind.KERNEL_LACKS_IT;
        }
        return host == Errno.ENOSYS ? SyscallDenial.Kind.ENOSYS : SyscallDenial.Kind.REFUSED;
    }

    /**
     * The ddmin candidates: the denials that can break a program on this kernel, most likely first (refusals before
     * ENOSYS answers, then the newest calls, which old profiles miss).
     */
    public static List<SyscallDenial> candidates(List<SyscallDenial> denials, SyscallTable table) {
        Comparator<String> newest = table.newestFirst();
        return denials.stream().filter(d -> d.kind() != SyscallDenial.Kind.KERNEL_LACKS_IT)
                .sorted(Comparator.comparingInt((SyscallDenial d) -> d.kind().ordinal()).thenComparing(SyscallDenial::name, newest))
                .toList();
    }

    /** name -> the errno the host answers, for {@link SeccompProfileWriter} (a killed call is reproduced as EPERM). */
    public static Map<String, Integer> hostErrnos(List<SyscallDenial> denials) {
        Map<String, Integer> errnos = new LinkedHashMap<>();
        denials.forEach(d -> errnos.put(d.name(), d.hostErrno() == SyscallDenial.KILLED ? Errno.EPERM : d.hostErrno()));
        return errnos;
    }
}
