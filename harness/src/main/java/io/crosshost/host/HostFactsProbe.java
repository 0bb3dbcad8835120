package io.crosshost.host;

import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.VersionComponent;
import io.crosshost.result.HostFacts;

import java.util.List;
import java.util.Optional;

/**
 * Reads what a host is, once per run, from its API alone (/info and /version, and Podman's /libpod/info for what the
 * compatible /info leaves out): engine and versions, OS, kernel, OCI runtime, cgroups, security options, rootless,
 * the user namespace's id ranges, and storage. Nothing is executed on the host.
 */
public final class HostFactsProbe {

    private HostFactsProbe() {
    }

    public static HostFacts probe(HostConnection host) {
        String name = host.spec().name();
        Info info;
        Version version;
        try {
            // Within a deadline: an engine that accepts connections but never answers must not hang the run.
            HostConnector.ping(host, HostConnector.PING_DEADLINE);
            info = host.client().infoCmd().exec();
            version = host.client().versionCmd().exec();
        } catch (HostConnector.HostUnreachable e) {
            return HostFacts.unreachable(name, host.resolvedEndpoint(), e.getMessage());
        } catch (RuntimeException e) {
            // It answered the ping, then failed: unusable for this run, and the reason is the engine's.
            return HostFacts.unreachable(name, host.resolvedEndpoint(), HostConnector.unreachable(host, e).getMessage());
        }
        List<VersionComponent> components = version.getComponents() == null ? List.of() : version.getComponents();
        boolean podman = components.stream().anyMatch(c -> c.getName() != null && c.getName().startsWith("Podman"));
        List<String> security = info.getSecurityOptions() == null ? List.of() : info.getSecurityOptions();
        String engineDefault = runtimeName(components, info.getRuntimes() == null ? java.util.Set.of() : info.getRuntimes().keySet());
        // A column that names its runtime runs with it, whatever the engine's default; the engine reports the version
        // of its default runtime alone, so another one's version stays unknown (null).
        String asked = host.spec().runtime();
        String runtime = asked != null ? asked : engineDefault;
        String runtimeVersion = runtime != null && runtime.equals(engineDefault) ? runtimeVersion(components, runtime) : null;
        boolean userns = securityOption(security, "userns", null).isPresent();
        IdMappings.Mapping ids = podman ? IdMappings.podman(host)
                : IdMappings.docker(info, userns, host.resolvedEndpoint().startsWith("unix://"));
        boolean rootless = ids.rootless() || securityOption(security, "rootless", null).isPresent();
        return new HostFacts(name, host.resolvedEndpoint(), true, null,
                podman ? "Podman" : "Docker", version.getVersion(), version.getApiVersion(), info.getOperatingSystem(),
                info.getKernelVersion(), info.getArchitecture(), runtime, runtimeVersion,
                info.getCGroupVersion(), info.getCGroupDriver(), security, securityOption(security, "seccomp", "profile").orElse(null),
                securityOption(security, "selinux", null).isPresent(), securityOption(security, "apparmor", null).isPresent(),
                // A rootless engine's containers are always in a user namespace of the user's ids.
                rootless, userns || rootless, info.getDriver(), ids.uidMap(), ids.gidMap());
    }

    /**
     * The OCI runtime in use, from /version (docker-java's Info has no DefaultRuntime): Podman names it
     * "OCI Runtime (crun)"; Docker lists the runtime itself ("runc") among its components.
     */
    static String runtimeName(List<VersionComponent> components, java.util.Set<String> runtimes) {
        for (VersionComponent c : components) {
            String n = c.getName() == null ? "" : c.getName();
            if (n.startsWith("OCI Runtime (") && n.endsWith(")")) {
                return n.substring("OCI Runtime (".length(), n.length() - 1);
            }
        }
        return components.stream().map(VersionComponent::getName).filter(runtimes::contains).findFirst().orElse(null);
    }

    /**
     * Docker names the runtime's component "runc" with its version; Podman names it "OCI Runtime (runc)" with
     * the runtime's own version text ("runc version 1.1.5+ds1\ncommit: ...").
     */
    static String runtimeVersion(List<VersionComponent> components, String runtime) {
        for (VersionComponent c : components) {
            String n = c.getName() == null ? "" : c.getName();
            if (n.equals(runtime) || n.equals("OCI Runtime (" + runtime + ")")) {
                String v = c.getVersion() == null ? "" : c.getVersion().lines().findFirst().orElse("");
                return v.replaceFirst("^" + java.util.regex.Pattern.quote(runtime) + " version ", "").strip();
            }
        }
        return null;
    }

    /**
     * Security options come as "name=seccomp,profile=default"; returns the named key's value, or the name
     * itself when {@code key} is null, when the option is present.
     */
    static Optional<String> securityOption(List<String> options, String name, String key) {
        for (String option : options) {
            String[] parts = option.split(",");
            if (!parts[0].equals("name=" + name)) {
                continue;
            }
            if (key == null) {
                return Optional.of(name);
            }
            for (String part : parts) {
                if (part.startsWith(key + "=")) {
                    return Optional.of(part.substring(key.length() + 1));
                }
            }
            return Optional.of(name);
        }
        return Optional.empty();
    }
}
