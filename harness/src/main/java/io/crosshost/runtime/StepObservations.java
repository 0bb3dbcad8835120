package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.assertion.FileFacts;
import io.crosshost.assertion.ImageConfig;
import io.crosshost.container.ContainerSpec;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.pinpoint.PackageManager;
import io.crosshost.pinpoint.ProbeContainers;
import io.crosshost.pinpoint.ProbeReading;
import io.crosshost.scenario.Step;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a step's expectations look at besides its output, read after the step: the files (archive API), the image's
 * configuration on this host (given: it was read once, when the image was prepared) and the package inventory (an
 * exec of the image's package manager in the same container, so a step that installs a package sees it). Each is
 * read only when an expectation asks.
 */
final class StepObservations {

    /** What the expectations of one step need. */
    record Extras(Map<String, Optional<FileFacts>> files, ImageConfig image, ProbeReading<PackageInventory> packages) {
    }

    /** The inventory takes well under a second on the lab's images; this bounds a broken one. */
    private static final Duration INVENTORY_TIMEOUT = Duration.ofSeconds(60);

    private final DockerClient client;
    private final String hostName;

    StepObservations(DockerClient client, String hostName) {
        this.client = client;
        this.hostName = hostName;
    }

    /**
     * {@code running}: whether the container still runs, so the package manager can be executed in it;
     * {@code imageConfig}: the configuration of the container's image, for a step that checks it.
     */
    Extras read(String containerId, ContainerSpec spec, Step step, boolean running, long outputCap, ImageConfig imageConfig)
            throws CellCouldNotRun, InterruptedException {
        Map<String, Optional<FileFacts>> files = new ContainerFiles(client, hostName).read(containerId, step);
        ImageConfig image = step.expect().image().isEmpty() ? null : imageConfig;
        ProbeReading<PackageInventory> packages = null;
        if (!step.expect().packages().isEmpty()) {
            packages = running ? inventory(containerId, spec, outputCap)
                    : new ProbeReading.CannotRun<>("the container had ended: packages are read by an exec in a running container");
        }
        return new Extras(files, image, packages);
    }

    private ProbeReading<PackageInventory> inventory(String containerId, ContainerSpec spec, long outputCap) throws InterruptedException {
        OutputCollector output = new OutputCollector(outputCap, SecretMask.NONE);
        // As root: an image's package database is readable by all, but a step's user may have no shell or home.
        ContainerSpec asRoot = spec.with(b -> b.user = "0");
        StepExec.Ended ended = new StepExec(client).run(containerId, asRoot, PackageManager.inventoryProbeCommand(), output, INVENTORY_TIMEOUT);
        output.closeQuietly();
        if (ended.timedOut() || ended.exitCode() == null) {
            return new ProbeReading.CannotRun<>("the package manager did not answer within " + INVENTORY_TIMEOUT.toSeconds() + " s");
        }
        return PackageInventory.read(new ProbeContainers.ProbeOutput(ended.exitCode(), output.stdout().text(), output.stderr().text()));
    }
}
