package io.crosshost.report;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import io.crosshost.pinpoint.InstalledPackage;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.pinpoint.PackageManager;
import io.crosshost.pinpoint.StaticBinary;
import io.crosshost.result.ImageFacts;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes each image's package inventory as a CycloneDX 1.6 JSON SBOM ({@link SbomFiles} names the files), through
 * CycloneDX's own model and generator, with package URLs from packageurl-java: {@code pkg:deb/debian/libc6@2.36-9?arch=amd64}.
 * The image is the metadata's component (type container: its reference, id and digest, the hosts it was read on);
 * each package a library component, its source package a property (CycloneDX has no field for it); an image without
 * a package manager lists its static binaries as file components.
 */
final class SbomWriter {

    static final Version VERSION = Version.VERSION_16;
    private static final String PROPERTY = "crosshost:";

    private SbomWriter() {
    }

    /** One file per image name and id with an inventory; the files of images that share one are written once. */
    static void writeAll(RunResults results, Path runDir) throws IOException {
        Map<String, List<ImageFacts>> byFile = new LinkedHashMap<>();
        for (ImageFacts i : results.images()) {
            if (i.packages() != null) {
                byFile.computeIfAbsent(SbomFiles.relativePath(i), f -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<ImageFacts>> file : byFile.entrySet()) {
            String json;
            try {
                json = json(file.getValue(), results.run().runId(), results.run().startedAt());
            } catch (RuntimeException e) {
                // One SBOM that cannot be made must not cost the reports written after it.
                throw new IOException("CycloneDX could not write " + file.getKey() + ": " + e.getMessage(), e);
            }
            AtomicFiles.write(runDir.resolve(file.getKey()), json);
        }
    }

    /** The SBOM of one image as read on {@code hosts} (same name, same id). */
    static String json(List<ImageFacts> hosts, String runId, Instant at) {
        ImageFacts image = hosts.get(0);
        Bom bom = new Bom();
        // Stable for one run and image: writing the reports of a run again gives the same file.
        bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes((runId + "\n" + SbomFiles.relativePath(image))
                .getBytes(StandardCharsets.UTF_8)));
        Metadata metadata = new Metadata();
        if (at != null) {
            metadata.setTimestamp(Date.from(at));
        }
        metadata.setComponent(imageComponent(hosts));
        bom.setMetadata(metadata);
        PackageInventory inventory = image.packages();
        List<Component> components = new ArrayList<>();
        Set<String> refs = new HashSet<>();
        String namespace = namespace(inventory.manager(), image.osRelease());
        for (InstalledPackage p : inventory.packages()) {
            components.add(packageComponent(inventory.manager(), namespace, p, refs));
        }
        for (StaticBinary b : inventory.staticBinaries()) {
            components.add(binaryComponent(b, refs));
        }
        bom.setComponents(components);
        try {
            return BomGeneratorFactory.createJson(VERSION, bom).toJsonString() + "\n";
        } catch (GeneratorException e) {
            throw new IllegalStateException("CycloneDX could not write the SBOM of " + image.image() + ": " + e.getMessage(), e);
        }
    }

    private static Component imageComponent(List<ImageFacts> hosts) {
        ImageFacts image = hosts.get(0);
        Component c = new Component();
        c.setType(Component.Type.CONTAINER);
        c.setBomRef("image:" + image.image());
        c.setName(image.reference() == null ? image.image() : image.reference());
        if (image.digest() != null) {
            c.setVersion(image.digest());
        }
        List<Property> properties = new ArrayList<>();
        properties.add(new Property(PROPERTY + "image", image.image()));
        add(properties, "imageId", image.imageId());
        add(properties, "osRelease", image.osRelease());
        properties.add(new Property(PROPERTY + "packageManager", image.packages().manager().name().toLowerCase(Locale.ROOT)));
        hosts.forEach(h -> properties.add(new Property(PROPERTY + "host", h.host())));
        c.setProperties(properties);
        return c;
    }

    private static Component packageComponent(PackageManager manager, String namespace, InstalledPackage p, Set<String> refs) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setName(p.name());
        c.setVersion(p.version());
        TreeMap<String, String> qualifiers = new TreeMap<>();
        if (!p.arch().isEmpty()) {
            qualifiers.put("arch", p.arch());
        }
        String purl = purl(type(manager), namespace, p.name(), p.version(), qualifiers);
        if (purl != null) {
            c.setPurl(purl);
        }
        c.setBomRef(unique(purl != null ? purl : manager.name().toLowerCase(Locale.ROOT) + ":" + p.label(), refs));
        if (!p.source().equals(p.name())) {
            c.setProperties(List.of(new Property(PROPERTY + "sourcePackage", p.source())));
        }
        return c;
    }

    private static Component binaryComponent(StaticBinary b, Set<String> refs) {
        Component c = new Component();
        c.setType(Component.Type.FILE);
        c.setName(b.name());
        if (!b.version().isEmpty()) {
            c.setVersion(b.version());
        }
        String purl = purl("generic", null, b.name(), b.version().isEmpty() ? null : b.version(), new TreeMap<>());
        if (purl != null) {
            c.setPurl(purl);
        }
        c.setBomRef(unique("file:" + b.path(), refs));
        c.setProperties(List.of(new Property(PROPERTY + "path", b.path()), new Property(PROPERTY + "static", "true")));
        return c;
    }

    /** The purl type of each manager (purl-spec's deb, rpm and apk types). */
    private static String type(PackageManager manager) {
        return switch (manager) {
            case DPKG -> "deb";
            case RPM -> "rpm";
            case APK -> "apk";
            case NONE -> "generic";
        };
    }

    /**
     * The purl namespace is the distribution ("debian", "ubuntu", "fedora", "alpine"), read from os-release's first
     * word; the manager's usual one when the image has no os-release.
     */
    static String namespace(PackageManager manager, String osRelease) {
        if (osRelease != null && !osRelease.isBlank()) {
            String first = osRelease.strip().split("[\\s/]", 2)[0].toLowerCase(Locale.ROOT);
            if (first.equals("red")) {
                return "redhat";
            }
            if (first.matches("[a-z0-9.-]+")) {
                return first;
            }
        }
        return switch (manager) {
            case DPKG -> "debian";
            case APK -> "alpine";
            default -> null;
        };
    }

    /** null when the parts cannot make a package URL (packageurl-java says which); the component then has none. */
    private static String purl(String type, String namespace, String name, String version, TreeMap<String, String> qualifiers) {
        try {
            return new PackageURL(type, namespace, name, version, qualifiers.isEmpty() ? null : qualifiers, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            return null;
        }
    }

    private static String unique(String ref, Set<String> refs) {
        String candidate = ref;
        for (int n = 2; !refs.add(candidate); n++) {
            candidate = ref + "#" + n;
        }
        return candidate;
    }

    private static void add(List<Property> properties, String name, String value) {
        if (value != null) {
            properties.add(new Property(PROPERTY + name, value));
        }
    }
}
