package io.crosshost.pinpoint;

/** One call a host answers differently from an unconfined run on the same host and image. */
public record SyscallDenial(String name, int nr, int hostErrno, int unconfinedErrno, Kind kind) {

    /** Stands in for the host errno of the call the probe died in. */
    public static final int KILLED = -1;

    public enum Kind {
        /** Refused (EPERM, EACCES, ...) where the kernel would answer otherwise: what breaks C libraries. */
        REFUSED,
        /** The probe died in this call: the profile kills (SCMP_ACT_KILL or TRAP) instead of answering. */
        KILLED,
        /** The profile answers ENOSYS, like a kernel without the call: C libraries fall back (runc's stub, Docker's clone3). */
        ENOSYS,
        /** The kernel itself answers ENOSYS: the host's answer cannot matter to a program that runs here. */
        KERNEL_LACKS_IT
    }

    public String describe() {
        return switch (kind) {
            case KILLED -> name + " kills the caller (unconfined: " + Errno.name(unconfinedErrno) + ")";
            default -> name + " answered " + Errno.name(hostErrno) + " (unconfined: " + Errno.name(unconfinedErrno) + ")";
        };
    }
}
