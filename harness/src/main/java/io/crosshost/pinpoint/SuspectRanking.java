package io.crosshost.pinpoint;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which changed packages most likely explain a failure, by the kind of failure: for a seccomp or syscall failure the
 * C library first (glibc 2.33 started calling faccessat2, 2.34 clone3), for an SELinux one libselinux (2.0.94 that
 * misreads /proc/filesystems), for a capability one libcap, for a user-database one shadow and PAM; then the other
 * libraries that talk to the kernel's security interfaces, other libraries, the rest. Packages are matched by source
 * package, so libc6, libc-bin and glibc-common all count as glibc. Lower ranks come first.
 */
public enum SuspectRanking {

    SYSCALLS(List.of(Set.of("glibc", "musl"), Set.of("libseccomp"))),
    SELINUX(List.of(Set.of("libselinux", "libsepol", "libsemanage", "policycoreutils"), Set.of("glibc", "musl"))),
    CAPABILITIES(List.of(Set.of("libcap2", "libcap", "libcap-ng"), Set.of("glibc", "musl"))),
    USERS(List.of(Set.of("shadow", "shadow-utils", "pam", "linux-pam", "libxcrypt"), Set.of("glibc", "musl", "libselinux"))),
    /** Nothing known about the failure: the C library, then the kernel-facing libraries (PackageDiff's hybrid order). */
    ANY(List.of(Set.of("glibc", "musl")));

    private static final Set<String> KERNEL_FACING = Set.of("glibc", "musl", "libselinux", "libseccomp", "libcap2",
            "libcap", "libcap-ng", "util-linux", "shadow", "systemd");

    private final List<Set<String>> first;

    SuspectRanking(List<Set<String>> first) {
        this.first = first;
    }

    /** 0 for the most likely; the groups of this kind, then kernel-facing sources, then other libraries, then the rest. */
    public int rank(InstalledPackage p) {
        for (int i = 0; i < first.size(); i++) {
            if (first.get(i).contains(p.source()) || first.get(i).contains(p.name())) {
                return i;
            }
        }
        if (KERNEL_FACING.contains(p.source())) {
            return first.size();
        }
        return p.name().startsWith("lib") ? first.size() + 1 : first.size() + 2;
    }

    /**
     * Within one rank, the package that is the library itself before its tools: a name ending in its soname's
     * version (Debian's naming of shared-library packages: libc6, libselinux1, libcap2) or equal to its source (rpm's
     * glibc, libselinux) gives 0, the rest (libc-bin, libselinux-utils) 1. So libc6 leads libc-bin.
     */
    public int libraryFirst(InstalledPackage p) {
        return p.name().equals(p.source()) || p.name().matches("lib.*[0-9]") ? 0 : 1;
    }

    /** Why a package of this rank is suspected, in a few words for a report. */
    public String reason(InstalledPackage p) {
        String source = p.source();
        if (Set.of("glibc", "musl").contains(source)) {
            return this == SYSCALLS ? "the C library makes the system calls that a seccomp profile filters"
                    : "the C library, which every program of the image uses";
        }
        if (source.equals("libseccomp")) {
            return "the seccomp library";
        }
        if (Set.of("libselinux", "libsepol", "libsemanage", "policycoreutils").contains(source)) {
            return "SELinux's libraries decide whether a program thinks SELinux is on";
        }
        if (Set.of("libcap2", "libcap", "libcap-ng").contains(source)) {
            return "the capability library";
        }
        if (Set.of("shadow", "shadow-utils", "pam", "linux-pam", "libxcrypt").contains(source)) {
            return "the tools and libraries that read and write the user database";
        }
        if (KERNEL_FACING.contains(source)) {
            return "talks to the kernel's security interfaces";
        }
        return p.name().startsWith("lib") ? "a shared library" : "a package of the image";
    }

    /**
     * The ranking for a cell: from its triage verdict's component when it has one (triage's Component names: SECCOMP,
     * SELINUX, CAPABILITIES, USER, USER_NAMESPACE), else from the scenario's tags (seccomp, syscalls, threads,
     * selinux, capabilities, users).
     */
    public static SuspectRanking forCell(String verdictComponent, Collection<String> tags) {
        if (verdictComponent != null) {
            switch (verdictComponent) {
                case "SECCOMP" -> { return SYSCALLS; }
                case "SELINUX" -> { return SELINUX; }
                case "CAPABILITIES" -> { return CAPABILITIES; }
                case "USER", "USER_NAMESPACE" -> { return USERS; }
                default -> { }
            }
        }
        Set<String> t = tags.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        if (t.contains("selinux")) {
            return SELINUX;
        }
        if (t.contains("seccomp") || t.contains("syscalls") || t.contains("threads")) {
            return SYSCALLS;
        }
        if (t.contains("capabilities")) {
            return CAPABILITIES;
        }
        return t.contains("users") ? USERS : ANY;
    }
}
