package io.crosshost.host;

import io.crosshost.matrix.ImageSpec;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.pinpoint.PackageManager;
import io.crosshost.pinpoint.ProbeContainers;
import io.crosshost.pinpoint.ProbeReading;
import io.crosshost.runtime.CellCouldNotRun;
import io.crosshost.runtime.ProbeRunner;
import io.crosshost.runtime.RunContext;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads an image's package inventory (pinpoint's probe: dpkg, rpm or apk, or the static binaries of an image without
 * any) with one short container, once per image id ever: what the container printed is kept in the image facts'
 * cache, keyed by the image id and the probe's script, as the facts are. That includes an answer that gives no
 * inventory (an image without sh never grows one: its id is its content); only a probe that did not run to its end
 * (a timeout, an engine error) is tried again by the next run. No inventory is null: the cells still run, only the
 * SBOM and the package drift of that image are missing.
 */
final class ImagePackagesProbe {

    static final List<String> COMMAND = PackageManager.inventoryProbeCommand();
    private static final String SCRIPT = String.join(" ", COMMAND);
    // A Debian minbase inventory takes about 0.1 s in its container; rpm on a large image a few seconds.
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

    private ImagePackagesProbe() {
    }

    /** The inventory of {@code imageId}, from the cache or from one probe container; null when it cannot be read. */
    static PackageInventory probe(HostConnection host, ImageSpec image, String imageId, RunContext run, ImageFactsCache cache) {
        Optional<ProbeContainers.ProbeOutput> cached = imageId == null ? Optional.empty()
                : cache.probeOutput(imageId, SCRIPT).flatMap(ImagePackagesProbe::unpack);
        if (cached.isPresent()) {
            return read(cached.get());
        }
        ProbeRunner probes = new ProbeRunner(host.client(), host.spec().name(), run);
        ProbeContainers.ProbeOutput result;
        try {
            result = probes.run(probes.specOf("image-packages", image.reference(), COMMAND), PROBE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (CellCouldNotRun e) {
            return null;
        }
        if (result.timedOut()) {
            return null;
        }
        if (imageId != null) {
            cache.store(imageId, SCRIPT, pack(result));
        }
        return read(result);
    }

    /** The cached form: the exit code, stderr's first line (why an image has no sh), then stdout. */
    static String pack(ProbeContainers.ProbeOutput output) {
        return output.exitCode() + "\n" + output.stderr().lines().findFirst().orElse("") + "\n" + output.stdout();
    }

    static Optional<ProbeContainers.ProbeOutput> unpack(String cached) {
        String[] parts = cached.split("\n", 3);
        if (parts.length < 2 || !parts[0].matches("-?[0-9]+")) {
            return Optional.empty(); // not this format: probe again
        }
        return Optional.of(new ProbeContainers.ProbeOutput(Integer.parseInt(parts[0]), parts.length > 2 ? parts[2] : "", parts[1]));
    }

    private static PackageInventory read(ProbeContainers.ProbeOutput output) {
        try {
            return PackageInventory.read(output) instanceof ProbeReading.Read<PackageInventory> read ? read.value() : null;
        } catch (IllegalArgumentException malformed) {
            return null; // a line the parser does not know: no inventory rather than a wrong one
        }
    }
}
