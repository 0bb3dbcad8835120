package io.crosshost.result;

import java.util.List;

/**
 * What a host is, read once per run. When the host could not be reached, {@code reachable} is false,
 * {@code error} says what was tried and what the engine or the socket answered, and the rest is null.
 */
public record HostFacts(String host, String endpoint, boolean reachable, String error,
                        String engine, String engineVersion, String apiVersion, String os, String kernel,
                        String architecture, String runtime, String runtimeVersion, String cgroupVersion,
                        String cgroupDriver, List<String> securityOptions, String seccompProfile,
                        boolean selinux, boolean apparmor, boolean rootless, boolean userns, String storageDriver) {

    public HostFacts {
        securityOptions = securityOptions == null ? List.of() : List.copyOf(securityOptions);
    }

    public static HostFacts unreachable(String host, String endpoint, String error) {
        return new HostFacts(host, endpoint, false, error, null, null, null, null, null, null, null, null, null,
                null, List.of(), null, false, false, false, false, null);
    }
}
