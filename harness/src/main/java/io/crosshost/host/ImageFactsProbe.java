package io.crosshost.host;

import com.github.dockerjava.api.command.InspectImageResponse;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.pinpoint.ProbeContainers.ProbeOutput;
import io.crosshost.result.ImageFacts;
import io.crosshost.runtime.CellCouldNotRun;
import io.crosshost.runtime.ProbeRunner;
import io.crosshost.runtime.RunContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what is inside an image on one host, once per run, with one short container of its own: the
 * os-release name, the C library and its version, libselinux, the package manager. The script uses only
 * what the oldest and smallest images have, and nothing that glibc >= 2.33 breaks under an old seccomp
 * profile (no {@code [ -x ]}), so the probe works where the cells fail.
 */
final class ImageFactsProbe {

    static final String SCRIPT = String.join("\n",
            "echo \"os=$(sed -n 's/^PRETTY_NAME=//p' /etc/os-release 2>/dev/null | tr -d '\"')\"",
            "if getconf GNU_LIBC_VERSION >/dev/null 2>&1; then echo \"libc=$(getconf GNU_LIBC_VERSION)\";",
            "elif ls /lib/ld-musl-* >/dev/null 2>&1; then echo \"libc=musl $(/lib/ld-musl-* 2>&1 | sed -n 's/^Version //p')\";",
            "elif [ -f /bin/busybox ]; then echo 'libc=busybox-static';",
            "fi",
            "if command -v dpkg-query >/dev/null 2>&1; then echo pm=dpkg; echo \"selinux=$(dpkg-query -W -f='${Version}' libselinux1 2>/dev/null)\";",
            // busybox has an rpm applet: only an rpm database makes an rpm-based image
            "elif [ -d /var/lib/rpm ] || [ -d /usr/lib/sysimage/rpm ]; then echo pm=rpm; echo \"selinux=$(rpm -q --qf '%{VERSION}-%{RELEASE}' libselinux 2>/dev/null | grep -v 'not installed')\";",
            "elif command -v apk >/dev/null 2>&1; then echo pm=apk;",
            "else echo pm=none; fi");

    private static final java.time.Duration PROBE_TIMEOUT = java.time.Duration.ofSeconds(60);

    private ImageFactsProbe() {
    }

    static ImageFacts probe(HostConnection host, ImageSpec image, InspectImageResponse inspected, RunContext run,
                            ImageFactsCache cache) {
        // The registry's digest of this reference's repository when the host pulled (or pushed) it from there; an
        // imported image has none, and its id identifies its content. Another repository's digest of the same image
        // (a tag pushed elsewhere) would say the image came from where it did not.
        String registryDigest = ImagePreparer.registryDigest(inspected, image.reference());
        String digest = registryDigest != null ? registryDigest : inspected.getId();
        String imageId = inspected.getId();
        Optional<String> cached = imageId == null ? Optional.empty() : cache.probeOutput(imageId, SCRIPT);
        if (cached.isPresent()) {
            return facts(host, image, inspected, digest, cached.get());
        }
        ProbeRunner probes = new ProbeRunner(host.client(), host.spec().name(), run);
        ProbeOutput result;
        try {
            result = probes.run(probes.specOf("image-facts", image.reference(), List.of("sh", "-c", SCRIPT)), PROBE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unknown(image, host, inspected, digest);
        } catch (CellCouldNotRun e) {
            // The image is there; only its facts are unknown. Cells still run and say what they find.
            return unknown(image, host, inspected, digest);
        }
        // The script's last test may be false (exit 1), and an image without some tool says 127: its lines still count.
        if (result.timedOut() || result.exitCode() > 2 && result.exitCode() != 127) {
            return unknown(image, host, inspected, digest);
        }
        String output = result.stdout();
        if (imageId != null) {
            cache.store(imageId, SCRIPT, output);
        }
        return facts(host, image, inspected, digest, output);
    }

    private static ImageFacts unknown(ImageSpec image, HostConnection host, InspectImageResponse inspected, String digest) {
        return new ImageFacts(image.name(), host.spec().name(), image.reference(), inspected.getId(), digest,
                null, null, null, null, null, null);
    }

    private static ImageFacts facts(HostConnection host, ImageSpec image, InspectImageResponse inspected, String digest,
                                    String output) {
        Map<String, String> facts = parse(output);
        String libc = facts.get("libc");
        String libcName = null;
        String libcVersion = null;
        if (libc != null) {
            String[] parts = libc.split(" ", 2);
            libcName = parts[0];
            libcVersion = parts.length > 1 ? parts[1] : null;
        }
        String selinux = facts.get("selinux");
        String os = facts.get("os");
        return new ImageFacts(image.name(), host.spec().name(), image.reference(), inspected.getId(), digest,
                os == null || os.isBlank() ? null : os, libcName, libcVersion, selinux == null || selinux.isBlank() ? null : selinux,
                facts.get("pm"), null);
    }

    static Map<String, String> parse(String output) {
        Map<String, String> facts = new HashMap<>();
        output.lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        });
        return facts;
    }
}
