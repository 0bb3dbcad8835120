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
 * any) with one short container, once per image id ever: the output is kept in the image facts' cache, keyed by the
 * image id and the probe's script, as the facts are. An inventory that cannot be read is null: the cells still run,
 * only the SBOM and the package drift of that image are missing, and the next run tries again.
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
        Optional<String> cached = imageId == null ? Optional.empty() : cache.probeOutput(imageId, SCRIPT);
        if (cached.isPresent()) {
            PackageInventory read = read(new ProbeContainers.ProbeOutput(0, cached.get(), ""));
            if (read != null) {
                return read;
            }
        }
        ProbeRunner probes = new ProbeRunner(host.client(), host.spec().name(), run);
        ProbeRunner.ProbeOutput result;
        try {
            result = probes.run(probes.specOf("image-packages", image.reference(), COMMAND), PROBE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (CellCouldNotRun e) {
            return null;
        }
        if (result.exitCode() == null) {
            return null;
        }
        PackageInventory inventory = read(new ProbeContainers.ProbeOutput(result.exitCode(), result.stdout(), result.stderr()));
        if (inventory != null && imageId != null) {
            cache.store(imageId, SCRIPT, result.stdout());
        }
        return inventory;
    }

    private static PackageInventory read(ProbeContainers.ProbeOutput output) {
        try {
            return PackageInventory.read(output) instanceof ProbeReading.Read<PackageInventory> read ? read.value() : null;
        } catch (IllegalArgumentException malformed) {
            return null; // a line the parser does not know: no inventory rather than a wrong one
        }
    }
}
