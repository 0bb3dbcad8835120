package io.crosshost.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosshost.pinpoint.InstalledPackage;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.pinpoint.PackageManager;
import io.crosshost.pinpoint.StaticBinary;
import io.crosshost.result.ImageFacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The package inventories in results.json: once per image id under {@code "inventories"}, since one image pulled
 * on ten hosts has one inventory and a run of 20 images on 10 hosts would otherwise carry 200 copies; each image
 * entry names its SBOM file and counts its packages. A journal's image entry carries its inventory inline
 * ({@code "inventory"}), as a crash must not lose it.
 */
final class InventoryJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private InventoryJson() {
    }

    /** The fields an image entry gains: its SBOM's path in the run directory and its package count, or nulls. */
    static void putSummary(ObjectNode image, ImageFacts facts) {
        PackageInventory inventory = facts.packages();
        image.put("sbom", inventory == null ? null : SbomFiles.relativePath(facts));
        if (inventory == null) {
            image.putNull("packageCount");
        } else {
            image.put("packageCount", inventory.packages().size());
        }
    }

    /** imageId -> inventory, for every image whose inventory was read. */
    static ObjectNode inventories(List<ImageFacts> images) {
        ObjectNode all = NODES.objectNode();
        for (ImageFacts i : images) {
            if (i.packages() != null && i.imageId() != null && !all.has(i.imageId())) {
                all.set(i.imageId(), inventory(i.packages()));
            }
        }
        return all;
    }

    static ObjectNode inventory(PackageInventory inventory) {
        ObjectNode node = NODES.objectNode();
        node.put("manager", inventory.manager().name().toLowerCase(Locale.ROOT));
        ArrayNode packages = node.putArray("packages");
        for (InstalledPackage p : inventory.packages()) {
            packages.addObject().put("name", p.name()).put("version", p.version()).put("arch", p.arch()).put("source", p.source());
        }
        ArrayNode binaries = node.putArray("staticBinaries");
        inventory.staticBinaries().forEach(b -> binaries.addObject().put("path", b.path()).put("version", b.version()));
        return node;
    }

    /** imageId -> inventory, from results.json's {@code "inventories"} (missing in files from before it existed). */
    static Map<String, PackageInventory> readInventories(JsonNode all) {
        Map<String, PackageInventory> byId = new LinkedHashMap<>();
        if (all != null && all.isObject()) {
            all.fields().forEachRemaining(e -> byId.put(e.getKey(), readInventory(e.getValue())));
        }
        return byId;
    }

    /** null for a missing or null node. */
    static PackageInventory readInventory(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        PackageManager manager = PackageManager.valueOf(node.path("manager").asText().toUpperCase(Locale.ROOT));
        List<InstalledPackage> packages = new ArrayList<>(node.path("packages").size());
        for (JsonNode p : node.path("packages")) {
            packages.add(new InstalledPackage(p.path("name").asText(), p.path("version").asText(), p.path("arch").asText(),
                    p.path("source").asText()));
        }
        List<StaticBinary> binaries = new ArrayList<>();
        node.path("staticBinaries").forEach(b -> binaries.add(new StaticBinary(b.path("path").asText(), b.path("version").asText())));
        return new PackageInventory(manager, packages, binaries);
    }
}
