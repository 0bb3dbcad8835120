package io.crosshost.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.result.CapturedOutput;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.RunInfo;
import io.crosshost.result.Status;
import io.crosshost.result.StepResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The results.json format, by hand rather than by Jackson's record binding: the file is a versioned contract that
 * Jenkins jobs and other tools read, so a renamed record component must not silently rename a JSON field.
 * Every field is written, null included, so the schema can require the shape.
 */
final class ResultsJson {

    static final int SCHEMA_VERSION = 1;

    static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResultsJson() {
    }

    static ObjectNode document(RunResults results) {
        ObjectNode doc = NODES.objectNode();
        doc.put("schemaVersion", SCHEMA_VERSION);
        doc.set("run", run(results.run(), results.finishedAt(), results.interrupted()));
        ObjectNode counts = doc.putObject("counts");
        for (Map.Entry<Status, Integer> count : results.counts().entrySet()) {
            counts.put(count.getKey().name(), count.getValue());
        }
        ArrayNode hosts = doc.putArray("hosts");
        results.hosts().forEach(h -> hosts.add(host(h)));
        ArrayNode images = doc.putArray("images");
        results.images().forEach(i -> images.add(image(i)));
        doc.set("inventories", InventoryJson.inventories(results.images()));
        ArrayNode cells = doc.putArray("cells");
        results.cells().forEach(c -> cells.add(cell(c)));
        // Written as null when the run has no triage, like every other field; the schema does not require it, so a
        // results.json from before triage existed still validates (and reads: TriageJson.read takes a missing node).
        doc.set("triage", results.triage() == null ? NODES.nullNode() : TriageJson.write(results.triage()));
        return doc;
    }

    static ObjectNode run(RunInfo run, Instant finishedAt, boolean interrupted) {
        ObjectNode node = NODES.objectNode();
        node.put("id", s(run.runId()));
        node.put("matrix", s(run.matrix()));
        node.put("startedAt", instant(run.startedAt()));
        node.put("finishedAt", instant(finishedAt));
        node.put("shard", s(run.shard()));
        node.put("interrupted", interrupted);
        ArrayNode planned = node.putArray("plannedCells");
        run.plannedCells().forEach(id -> planned.add(s(id)));
        return node;
    }

    static ObjectNode host(HostFacts h) {
        ObjectNode node = NODES.objectNode();
        node.put("host", s(h.host()));
        node.put("endpoint", s(h.endpoint()));
        node.put("reachable", h.reachable());
        node.put("error", s(h.error()));
        node.put("engine", s(h.engine()));
        node.put("engineVersion", s(h.engineVersion()));
        node.put("apiVersion", s(h.apiVersion()));
        node.put("os", s(h.os()));
        node.put("kernel", s(h.kernel()));
        node.put("architecture", s(h.architecture()));
        node.put("runtime", s(h.runtime()));
        node.put("runtimeVersion", s(h.runtimeVersion()));
        node.put("cgroupVersion", s(h.cgroupVersion()));
        node.put("cgroupDriver", s(h.cgroupDriver()));
        ArrayNode security = node.putArray("securityOptions");
        h.securityOptions().forEach(o -> security.add(s(o)));
        node.put("seccompProfile", s(h.seccompProfile()));
        node.put("selinux", h.selinux());
        node.put("apparmor", h.apparmor());
        node.put("rootless", h.rootless());
        node.put("userns", h.userns());
        node.put("storageDriver", s(h.storageDriver()));
        ArrayNode uidMap = node.putArray("uidMap");
        h.uidMap().forEach(uidMap::add);
        ArrayNode gidMap = node.putArray("gidMap");
        h.gidMap().forEach(gidMap::add);
        return node;
    }

    static ObjectNode image(ImageFacts i) {
        ObjectNode node = NODES.objectNode();
        node.put("image", s(i.image()));
        node.put("host", s(i.host()));
        node.put("reference", s(i.reference()));
        node.put("imageId", s(i.imageId()));
        node.put("digest", s(i.digest()));
        node.put("osRelease", s(i.osRelease()));
        node.put("libc", s(i.libc()));
        node.put("libcVersion", s(i.libcVersion()));
        node.put("libselinuxVersion", s(i.libselinuxVersion()));
        node.put("packageManager", s(i.packageManager()));
        node.put("error", s(i.error()));
        InventoryJson.putSummary(node, i);
        node.set("preparation", PreparationJson.write(i.preparation()));
        return node;
    }

    /** A journal's image entry: the facts with the inventory inline, as nothing else records it before the end. */
    static ObjectNode imageWithInventory(ImageFacts i) {
        ObjectNode node = image(i);
        node.set("inventory", i.packages() == null ? NODES.nullNode() : InventoryJson.inventory(i.packages()));
        return node;
    }

    static ObjectNode cell(CellResult c) {
        ObjectNode node = NODES.objectNode();
        node.put("id", s(c.cellId()));
        node.put("scenario", s(c.scenario()));
        node.put("image", s(c.image()));
        node.put("host", s(c.host()));
        node.put("status", c.status().name());
        node.put("message", s(c.message()));
        ArrayNode tags = node.putArray("tags");
        c.tags().forEach(t -> tags.add(s(t)));
        node.put("startedAt", instant(c.startedAt()));
        putMillis(node, "durationMs", c.duration());
        node.put("attempts", c.attempts());
        node.put("containerId", s(c.containerId()));
        node.put("digest", s(c.imageDigest()));
        node.put("reproducer", s(c.reproducer()));
        node.put("knownFailure", s(c.knownFailure()));
        node.put("bug", s(c.bug()));
        node.put("exitCode", c.exitCode());
        ArrayNode steps = node.putArray("steps");
        c.steps().forEach(step -> steps.add(step(step)));
        return node;
    }

    static ObjectNode step(StepResult step) {
        ObjectNode node = NODES.objectNode();
        node.put("name", s(step.name()));
        node.put("command", s(step.command()));
        node.put("exitCode", step.exitCode());
        putMillis(node, "durationMs", step.duration());
        node.put("timedOut", step.timedOut());
        node.put("failure", s(step.failure()));
        node.set("stdout", output(step.stdout()));
        node.set("stderr", output(step.stderr()));
        return node;
    }

    static ObjectNode output(CapturedOutput output) {
        CapturedOutput o = output == null ? CapturedOutput.EMPTY : output;
        ObjectNode node = NODES.objectNode();
        node.put("text", Text.orEmpty(s(o.text())));
        node.put("droppedBytes", o.droppedBytes());
        return node;
    }

    // ---- reading ----

    static RunResults readDocument(JsonNode doc) {
        int version = doc.path("schemaVersion").asInt(-1);
        if (version != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schemaVersion " + doc.path("schemaVersion")
                    + " is not one this Crosshost reads (" + SCHEMA_VERSION + "); re-run with a matching version");
        }
        JsonNode run = doc.path("run");
        List<HostFacts> hosts = new ArrayList<>();
        doc.path("hosts").forEach(h -> hosts.add(readHost(h)));
        Map<String, PackageInventory> inventories = InventoryJson.readInventories(doc.get("inventories"));
        List<ImageFacts> images = new ArrayList<>();
        doc.path("images").forEach(i -> images.add(readImage(i).withPackages(inventories.get(str(i, "imageId")))));
        List<CellResult> cells = new ArrayList<>();
        doc.path("cells").forEach(c -> cells.add(readCell(c)));
        return new RunResults(readRun(run), readInstant(run.get("finishedAt")), run.path("interrupted").asBoolean(),
                hosts, images, cells, TriageJson.read(doc.get("triage")));
    }

    static RunInfo readRun(JsonNode run) {
        List<String> planned = new ArrayList<>();
        run.path("plannedCells").forEach(id -> planned.add(id.asText()));
        return new RunInfo(str(run, "id"), str(run, "matrix"), readInstant(run.get("startedAt")), planned,
                str(run, "shard"));
    }

    static HostFacts readHost(JsonNode h) {
        return new HostFacts(str(h, "host"), str(h, "endpoint"), h.path("reachable").asBoolean(), str(h, "error"),
                str(h, "engine"), str(h, "engineVersion"), str(h, "apiVersion"), str(h, "os"), str(h, "kernel"),
                str(h, "architecture"), str(h, "runtime"), str(h, "runtimeVersion"), str(h, "cgroupVersion"),
                str(h, "cgroupDriver"), strings(h.path("securityOptions")), str(h, "seccompProfile"),
                h.path("selinux").asBoolean(), h.path("apparmor").asBoolean(), h.path("rootless").asBoolean(),
                h.path("userns").asBoolean(), str(h, "storageDriver"), strings(h.path("uidMap")), strings(h.path("gidMap")));
    }

    /** An image entry; its inventory when it carries one inline (a journal's entry), else null. */
    static ImageFacts readImage(JsonNode i) {
        return new ImageFacts(str(i, "image"), str(i, "host"), str(i, "reference"), str(i, "imageId"),
                str(i, "digest"), str(i, "osRelease"), str(i, "libc"), str(i, "libcVersion"),
                str(i, "libselinuxVersion"), str(i, "packageManager"), str(i, "error"),
                InventoryJson.readInventory(i.get("inventory")), PreparationJson.read(i.get("preparation")));
    }

    static CellResult readCell(JsonNode c) {
        List<StepResult> steps = new ArrayList<>();
        c.path("steps").forEach(s -> steps.add(readStep(s)));
        return new CellResult(str(c, "id"), str(c, "scenario"), str(c, "image"), str(c, "host"),
                Status.valueOf(c.path("status").asText()), str(c, "message"), steps, readInstant(c.get("startedAt")),
                readMillis(c.get("durationMs")), c.path("attempts").asInt(1), str(c, "containerId"),
                str(c, "digest"), str(c, "reproducer"), str(c, "knownFailure"), str(c, "bug"),
                strings(c.path("tags")));
    }

    static StepResult readStep(JsonNode s) {
        JsonNode exit = s.get("exitCode");
        return new StepResult(str(s, "name"), str(s, "command"), exit == null || exit.isNull() ? null : exit.asInt(),
                readOutput(s.path("stdout")), readOutput(s.path("stderr")), readMillis(s.get("durationMs")),
                s.path("timedOut").asBoolean(), str(s, "failure"));
    }

    static CapturedOutput readOutput(JsonNode o) {
        if (o.isMissingNode() || o.isNull()) {
            return CapturedOutput.EMPTY;
        }
        return new CapturedOutput(o.path("text").asText(""), o.path("droppedBytes").asLong());
    }

    // ---- small helpers ----

    private static String s(String text) {
        return Text.clean(text);
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static void putMillis(ObjectNode node, String field, Duration duration) {
        if (duration == null) {
            node.putNull(field);
        } else {
            node.put(field, duration.toMillis());
        }
    }

    /** A text field, null when absent or null (TriageJson reads with it too). */
    static String str(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static Instant readInstant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }

    static Duration readMillis(JsonNode node) {
        return node == null || node.isNull() ? null : Duration.ofMillis(node.asLong());
    }
}
