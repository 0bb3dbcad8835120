package io.crosshost.triage;

import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts that can tell a passing cell from a failing one, flattened to names and values:
 * the host's engine, runtime, kernel and security settings, and the image's C library and libselinux, and every package
 * of the image's inventory as "package NAME" -> its version ("package libc6" -> "2.36-9+deb12u14"; a multiarch
 * package once per architecture, "package libc6:i386"), or for an image without a package manager each static
 * binary as "binary NAME". So the ranking can name the one package whose version only failing cells have.
 */
final class CellFacts {

    private CellFacts() {
    }

    static Map<String, String> of(HostFacts host, ImageFacts image) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (host != null) {
            put(facts, "engine", join(host.engine(), host.engineVersion()));
            put(facts, "OCI runtime", join(host.runtime(), host.runtimeVersion()));
            put(facts, "kernel", host.kernel());
            put(facts, "cgroup version", host.cgroupVersion());
            put(facts, "seccomp profile", host.seccompProfile());
            put(facts, "SELinux", String.valueOf(host.selinux()));
            put(facts, "AppArmor", String.valueOf(host.apparmor()));
            put(facts, "rootless", String.valueOf(host.rootless()));
            put(facts, "user namespaces", String.valueOf(host.userns()));
            put(facts, "uid mapping", String.join(", ", host.uidMap()));
            put(facts, "gid mapping", String.join(", ", host.gidMap()));
            put(facts, "cgroup manager", host.cgroupDriver());
            put(facts, "storage driver", host.storageDriver());
        }
        if (image != null) {
            put(facts, "image OS", image.osRelease());
            put(facts, "C library", join(image.libc(), image.libcVersion()));
            put(facts, "libselinux", image.libselinuxVersion() == null ? "none" : image.libselinuxVersion());
            if (image.packages() != null) {
                packages(image.packages(), facts);
            }
        }
        return facts;
    }

    static final String PACKAGE = "package ";

    private static void packages(PackageInventory inventory, Map<String, String> facts) {
        inventory.byName().forEach((name, instances) -> instances.forEach(p ->
                put(facts, PACKAGE + (instances.size() > 1 ? name + ":" + p.arch() : name), p.version())));
        inventory.staticBinaries().forEach(b -> put(facts, "binary " + b.name(), b.version().isEmpty() ? "present" : b.version()));
    }

    /** Whether a fact is one of the image's packages or binaries (hundreds of them: reports show the first few). */
    static boolean isPackage(String fact) {
        return fact.startsWith(PACKAGE) || fact.startsWith("binary ");
    }

    private static void put(Map<String, String> facts, String name, String value) {
        if (value != null && !value.isBlank()) {
            facts.put(name, value);
        }
    }

    private static String join(String name, String version) {
        if (name == null) {
            return version;
        }
        return version == null ? name : name + " " + version;
    }
}
