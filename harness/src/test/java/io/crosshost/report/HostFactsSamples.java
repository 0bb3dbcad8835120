package io.crosshost.report;

import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.ImagePreparation;
import io.crosshost.result.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A made-up night on the lab's kinds of hosts (issues 15 and 16): a rootless Podman with its user's uid and gid
 * ranges, a userns-remapped Docker, a plain Docker, and images made ready every way there is: pulled from the lab
 * registry, present, loaded from an archive, not pulled (pull: never), and one the host could not get.
 */
final class HostFactsSamples {

    static final String REGISTRY = "registry.crosshost.test:5443";
    static final String ARCHIVE = "/var/lib/crosshost-lab/images/high-uid.tar";
    /** A cell on the rootless host whose image was pulled: its panel shows both the mapping and the pull. */
    static final String PULLED_CELL = "whoami-root/busybox@podman-rootless";

    private HostFactsSamples() {
    }

    static HostFacts rootless() {
        return withMaps(SyntheticResults.host("podman-rootless", "4.3.1", "6.18"), true, true,
                List.of("0 1001 1", "1 100000 65536"), List.of("0 1001 1", "1 100000 65536"));
    }

    static HostFacts userns() {
        return withMaps(SyntheticResults.host("docker-userns", "20.10.24", "6.18"), false, true,
                List.of("0 165536 65536"), List.of("0 165536 65536"));
    }

    /** A host whose gids map other than its uids, and whose uid range's size the engine did not tell. */
    static HostFacts unevenMaps() {
        return withMaps(SyntheticResults.host("remote-userns", "24.0.7", "6.1.0"), false, true,
                List.of("0 200000 ?"), List.of("0 300000 65536"));
    }

    private static HostFacts withMaps(HostFacts h, boolean rootless, boolean userns, List<String> uids, List<String> gids) {
        return new HostFacts(h.host(), h.endpoint(), true, null, h.engine(), h.engineVersion(), h.apiVersion(), h.os(),
                h.kernel(), h.architecture(), h.runtime(), h.runtimeVersion(), h.cgroupVersion(), "cgroupfs",
                h.securityOptions(), h.seccompProfile(), false, false, rootless, userns, h.storageDriver(), uids, gids);
    }

    static ImagePreparation pulled() {
        return new ImagePreparation(ImagePreparation.Action.PULLED, REGISTRY, 2_148_004, 3, Duration.ofMillis(1_300), null);
    }

    /** pull: always of an image the host has at the registry's digest: Docker names no layer and downloads nothing. */
    static ImagePreparation upToDate() {
        return new ImagePreparation(ImagePreparation.Action.PULLED, REGISTRY, 0, 0, Duration.ofMillis(400), null);
    }

    static ImagePreparation loaded() {
        return new ImagePreparation(ImagePreparation.Action.LOADED, null, 130_200_000, 0, Duration.ofMillis(812), ARCHIVE);
    }

    /**
     * Hosts podman-rootless, docker-userns, docker (unremapped), remote-userns; images busybox (pulled, 2.1 MB; on
     * docker pulled and up to date), debian-12 (pulled on podman-rootless: 48.5 MB, present elsewhere), high-uid (loaded on
     * docker, missing on podman-rootless), debian-11 (pull: never).
     */
    static RunResults night() {
        List<HostFacts> hosts = List.of(rootless(), userns(), SyntheticResults.host("docker", "20.10.24", "6.18"), unevenMaps());
        List<ImageFacts> images = new ArrayList<>();
        List<CellResult> cells = new ArrayList<>();
        for (HostFacts h : hosts) {
            String host = h.host();
            boolean rootless = host.equals("podman-rootless");
            add(images, cells, host, "busybox", host.equals("docker") ? upToDate() : pulled());
            add(images, cells, host, "debian-12", rootless
                    ? new ImagePreparation(ImagePreparation.Action.PULLED, REGISTRY, 48_500_000, 1, Duration.ofMillis(15_100), null)
                    : ImagePreparation.present());
            add(images, cells, host, "debian-11", ImagePreparation.notPulled());
            if (rootless) {
                ImageFacts missing = ImageFacts.missing("high-uid", host, "crosshost.test/high-uid:1",
                        "image crosshost.test/high-uid:1 is not on host podman-rootless and the host could not load its archive "
                                + ARCHIVE + ": potentially insufficient UIDs or GIDs available in user namespace");
                images.add(missing);
                cells.add(SyntheticResults.cell("whoami-root", "high-uid", host, Status.XFAIL, missing.error(), "", "",
                        SyntheticResults.T0));
            } else {
                add(images, cells, host, "high-uid", host.equals("docker") ? loaded() : ImagePreparation.present());
            }
        }
        return SyntheticResults.withCells(null, "hostfacts-night", SyntheticResults.T0, cells, hosts, images);
    }

    private static void add(List<ImageFacts> images, List<CellResult> cells, String host, String image,
                            ImagePreparation preparation) {
        images.add(SyntheticResults.image(image, host, "2.36", SyntheticResults.digest(image.hashCode() & 0xffff))
                .withPreparation(preparation));
        cells.add(SyntheticResults.cell("whoami-root", image, host, Status.PASS, null, "root\n", "", SyntheticResults.T0));
    }
}
