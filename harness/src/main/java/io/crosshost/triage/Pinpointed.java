package io.crosshost.triage;

import java.util.List;

/**
 * What pinpointing found below a verdict's component: the syscall, capability or package that breaks the cell,
 * what to do about it, and what finding it cost. {@code culprits} empty means it looked and found nothing; the
 * summary then says why.
 *
 * @param kind     {@code syscall}, {@code capability} or {@code package}
 * @param culprits each named with its detail: {@code faccessat2 (EPERM)}, {@code CAP_MKNOD},
 *                 {@code libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14}
 * @param reruns   reruns of the cell it took
 * @param probes   probe containers it took (syscall tables, capability sets, inventories, file exports)
 * @param workaroundProfile a seccomp profile (JSON) that the confirming rerun passed with, or null: the triage writes
 *                          it beside its report, so that the workaround is a file a scenario can name
 */
public record Pinpointed(String kind, List<String> culprits, String summary, List<Action> actions, int reruns, int probes,
                         double seconds, String workaroundProfile) {

    /** One thing to do, marked as confirmed by a rerun or as a suggestion. */
    public record Action(String text, boolean confirmed) {

        public String line() {
            return (confirmed ? "[confirmed by a rerun] " : "[suggestion] ") + text;
        }
    }

    public Pinpointed {
        culprits = List.copyOf(culprits);
        actions = List.copyOf(actions);
    }

    static Pinpointed nothing(String kind, String why, int reruns, int probes, double seconds) {
        return new Pinpointed(kind, List.of(), why, List.of(), reruns, probes, seconds, null);
    }
}
