package io.crosshost.result;

import java.util.List;

/**
 * What a host is, read once per run. When the host could not be reached, {@code reachable} is false,
 * {@code error} says what was tried and what the engine or the socket answered, and the rest is null.
 * {@code uidMap} and {@code gidMap} are the user namespace's ranges that containers get, one "inside host size" line
 * each as in /proc/self/uid_map (empty when containers share the host's ids); a size the engine does not report is
 * "?".
 */
public record HostFacts(String host, String endpoint, boolean reachable, String error,
                        String engine, String engineVersion, String apiVersion, String os, String kernel,
                        String architecture, String runtime, String runtimeVersion, String cgroupVersion,
                        String cgroupDriver, List<String> securityOptions, String seccompProfile,
                        boolean selinux, boolean apparmor, boolean rootless, boolean userns, String storageDriver,
                        List<String> uidMap, List<String> gidMap) {

    public HostFacts {
        securityOptions = securityOptions == null ? List.of() : List.copyOf(securityOptions);
        uidMap = uidMap == null ? List.of() : List.copyOf(uidMap);
        gidMap = gidMap == null ? List.of() : List.copyOf(gidMap);
    }

    /** Facts without id mappings: a host whose containers share the host's ids, or facts read before they were kept. */
    public HostFacts(String host, String endpoint, boolean reachable, String error,
                     String engine, String engineVersion, String apiVersion, String os, String kernel,
                     String architecture, String runtime, String runtimeVersion, String cgroupVersion,
                     String cgroupDriver, List<String> securityOptions, String seccompProfile,
                     boolean selinux, boolean apparmor, boolean rootless, boolean userns, String storageDriver) {
        this(host, endpoint, reachable, error, engine, engineVersion, apiVersion, os, kernel, architecture, runtime,
                runtimeVersion, cgroupVersion, cgroupDriver, securityOptions, seccompProfile, selinux, apparmor, rootless,
                userns, storageDriver, List.of(), List.of());
    }

    public static HostFacts unreachable(String host, String endpoint, String error) {
        return new HostFacts(host, endpoint, false, error, null, null, null, null, null, null, null, null, null,
                null, List.of(), null, false, false, false, false, null);
    }

    /** The highest id inside the container that the uid mapping covers, or null when there is no mapping or it is open-ended. */
    public Long highestMappedUid() {
        long highest = -1;
        for (String line : uidMap) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3 || f[2].equals("?")) {
                return null;
            }
            highest = Math.max(highest, Long.parseLong(f[0]) + Long.parseLong(f[2]) - 1);
        }
        return highest < 0 ? null : highest;
    }
}
