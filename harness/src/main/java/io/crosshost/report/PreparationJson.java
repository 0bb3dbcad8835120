package io.crosshost.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosshost.result.ImagePreparation;

/**
 * An image entry's {@code preparation} in results.json and its journal (issue 15): what making the image ready on
 * its host did. Optional in the schema, so a results.json from before it existed still validates, and reads with
 * none.
 */
final class PreparationJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PreparationJson() {
    }

    /** Null when not known: the image could not be made ready (its error says why), or facts from an older file. */
    static JsonNode write(ImagePreparation p) {
        if (p == null) {
            return NODES.nullNode();
        }
        ObjectNode node = NODES.objectNode();
        node.put("action", p.action().name());
        node.put("registry", Text.clean(p.registry()));
        node.put("bytes", p.bytes());
        node.put("layers", p.layers());
        ResultsJson.putMillis(node, "durationMs", p.took());
        node.put("archive", Text.clean(p.archive()));
        return node;
    }

    /** Absent (an older results.json) and null both read as null, as does an action a later Crosshost added. */
    static ImagePreparation read(JsonNode p) {
        if (p == null || p.isNull()) {
            return null;
        }
        ImagePreparation.Action action;
        try {
            action = ImagePreparation.Action.valueOf(p.path("action").asText());
        } catch (IllegalArgumentException newer) {
            return null;
        }
        return new ImagePreparation(action, ResultsJson.str(p, "registry"), p.path("bytes").asLong(),
                p.path("layers").asInt(), ResultsJson.readMillis(p.get("durationMs")), ResultsJson.str(p, "archive"));
    }
}
