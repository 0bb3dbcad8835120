package io.crosshost.pinpoint;

import io.crosshost.pinpoint.ProbeContainers.ProbeOutput;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A set of Linux capabilities (numbers 0..40 of linux/capability.h), read from the CapEff line of
 * {@code /proc/self/status} in a probe container. Measured on the lab with Debian 12: Docker 20.10 gives
 * 00000000a80425fb, Podman 4.3 00000000800405fb, so Podman lacks CAP_NET_RAW, CAP_MKNOD and CAP_AUDIT_WRITE.
 */
public record Capabilities(long mask) {

    /** Index = capability number. */
    private static final List<String> NAMES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
            "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
            "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
            "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
            "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** The probe command: cat is in busybox too, and the status file is the only place the effective set shows. */
    public static final List<String> PROBE_COMMAND = List.of("cat", "/proc/self/status");

    /** Parses a 16-digit hex mask as /proc prints it. */
    public static Capabilities ofHex(String hex) {
        return new Capabilities(Long.parseUnsignedLong(hex.trim(), 16));
    }

    /** A set from names, with or without the CAP_ prefix, in any case ("MKNOD", "cap_net_raw"). */
    public static Capabilities of(List<String> names) {
        long mask = 0;
        for (String name : names) {
            mask |= 1L << number(name).orElseThrow(() -> new IllegalArgumentException("unknown capability: " + name));
        }
        return new Capabilities(mask);
    }

    public static Optional<Integer> number(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        int i = NAMES.indexOf(upper.startsWith("CAP_") ? upper : "CAP_" + upper);
        return i < 0 ? Optional.empty() : Optional.of(i);
    }

    /** The CapEff set of a {@code /proc/self/status} text (the probe's output). */
    public static ProbeReading<Capabilities> read(ProbeOutput output) {
        for (String line : output.stdout().lines().toList()) {
            if (line.startsWith("CapEff:")) {
                return new ProbeReading.Read<>(ofHex(line.substring("CapEff:".length())));
            }
        }
        if (ProbeReading.executableMissing(output)) {
            return new ProbeReading.CannotRun<>("this image has no cat to print /proc/self/status; the engine said: "
                    + output.stderr().lines().findFirst().orElse("(nothing)"));
        }
        return new ProbeReading.CannotRun<>("no CapEff line in /proc/self/status (exit " + output.exitCode() + ")");
    }

    /** Names in capability-number order; bits above 40 (a newer kernel's) as "cap_N". */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                names.add(bit < NAMES.size() ? NAMES.get(bit) : "cap_" + bit);
            }
        }
        return names;
    }

    public boolean has(String name) {
        return number(name).map(n -> (mask & (1L << n)) != 0).orElse(false);
    }

    /** The capabilities this set lacks that {@code other} has: "missing on this host relative to that one". */
    public Capabilities missingRelativeTo(Capabilities other) {
        return new Capabilities(other.mask & ~mask);
    }

    /** The names as {@code cap_add} takes them (no CAP_ prefix), for a rerun that adds each alone. */
    public List<String> capAddNames() {
        return names().stream().map(n -> n.startsWith("CAP_") ? n.substring(4) : n).toList();
    }

    @Override
    public String toString() {
        return String.format("%016x %s", mask, names());
    }
}
