package io.crosshost.pinpoint;

import java.util.Map;

/** Linux errno names for the numbers the probes print (asm-generic/errno-base.h and errno.h). */
public final class Errno {

    public static final int EPERM = 1;
    public static final int EACCES = 13;
    public static final int ENOSYS = 38;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "OK"), Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"), Map.entry(8, "ENOEXEC"), Map.entry(9, "EBADF"),
            Map.entry(10, "ECHILD"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"),
            Map.entry(14, "EFAULT"), Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(19, "ENODEV"),
            Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"), Map.entry(22, "EINVAL"), Map.entry(24, "EMFILE"),
            Map.entry(25, "ENOTTY"), Map.entry(28, "ENOSPC"), Map.entry(29, "ESPIPE"), Map.entry(30, "EROFS"),
            Map.entry(34, "ERANGE"), Map.entry(38, "ENOSYS"), Map.entry(61, "ENODATA"), Map.entry(75, "EOVERFLOW"),
            Map.entry(88, "ENOTSOCK"), Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"));

    private Errno() {
    }

    /** "EPERM", or "errno 42" for a number without a name here. */
    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** The answers a seccomp profile gives when it refuses; EACCES where a profile (or an LSM) says so. */
    public static boolean isRefusal(int errno) {
        return errno == EPERM || errno == EACCES;
    }
}
