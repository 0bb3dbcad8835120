package io.crosshost.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosshost.result.RunTriage;
import io.crosshost.result.RunTriage.Action;
import io.crosshost.result.RunTriage.Cause;
import io.crosshost.result.RunTriage.CellVerdict;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code triage} object of results.json, which is also the whole of {@code triage/run-triage.json}: one format,
 * so the file the triage leaves and the run's results.json never disagree on a field name. By hand, like
 * {@link ResultsJson}, and every field written, null included.
 */
final class TriageJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TriageJson() {
    }

    static ObjectNode write(RunTriage triage) {
        ObjectNode node = NODES.objectNode();
        node.put("runId", Text.clean(triage.runId()));
        node.put("reruns", triage.reruns());
        node.put("probes", triage.probes());
        node.put("seconds", seconds(triage.seconds()));
        ArrayNode causes = node.putArray("causes");
        for (Cause cause : triage.causes()) {
            ObjectNode c = causes.addObject();
            c.put("cause", Text.clean(cause.cause()));
            ArrayNode ids = c.putArray("cellIds");
            cause.cellIds().forEach(id -> ids.add(Text.clean(id)));
        }
        ArrayNode cells = node.putArray("cells");
        for (CellVerdict v : triage.cells()) {
            ObjectNode c = cells.addObject();
            c.put("cellId", Text.clean(v.cellId()));
            c.put("component", Text.clean(v.component()));
            c.put("summary", Text.clean(v.summary()));
            ArrayNode culprits = c.putArray("culprits");
            v.culprits().forEach(k -> culprits.add(Text.clean(k)));
            ArrayNode actions = c.putArray("actions");
            v.actions().forEach(a -> actions.addObject().put("text", Text.clean(a.text())).put("confirmed", a.confirmed()));
            c.put("reruns", v.reruns());
            c.put("seconds", seconds(v.seconds()));
        }
        return node;
    }

    /**
     * What index.html embeds: the triage object, plus what the page shows of it worded as the summary words it (the
     * headline, the cost line, each cause's union of culprits and actions, from {@link TriageView}), so that the
     * page's script does not redo it in JavaScript.
     */
    static ObjectNode page(TriageView view) {
        ObjectNode node = write(view.triage());
        node.put("headline", Text.clean(view.headline()));
        node.put("cost", Text.clean(view.cost()));
        ArrayNode groups = node.putArray("groups");
        for (TriageView.CauseView cause : view.causes()) {
            ObjectNode g = groups.addObject();
            g.put("cause", Text.clean(cause.cause()));
            strings(g.putArray("cellIds"), cause.cellIds());
            strings(g.putArray("components"), cause.components());
            strings(g.putArray("culprits"), cause.culprits());
            strings(g.putArray("confirmed"), cause.confirmed());
            strings(g.putArray("suggestions"), cause.suggestions());
        }
        return node;
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(v -> into.add(Text.clean(v)));
    }

    /** Null for a missing or null node: results.json from before triage existed has none. */
    static RunTriage read(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("triage is " + node.getNodeType() + ", not an object");
        }
        List<Cause> causes = new ArrayList<>();
        node.path("causes").forEach(c -> causes.add(new Cause(ResultsJson.str(c, "cause"), ResultsJson.strings(c.path("cellIds")))));
        List<CellVerdict> cells = new ArrayList<>();
        for (JsonNode c : node.path("cells")) {
            List<Action> actions = new ArrayList<>();
            c.path("actions").forEach(a -> actions.add(new Action(ResultsJson.str(a, "text"), a.path("confirmed").asBoolean())));
            cells.add(new CellVerdict(ResultsJson.str(c, "cellId"), ResultsJson.str(c, "component"), ResultsJson.str(c, "summary"),
                    ResultsJson.strings(c.path("culprits")), actions, c.path("reruns").asInt(), c.path("seconds").asDouble()));
        }
        return new RunTriage(ResultsJson.str(node, "runId"), cells, causes, node.path("reruns").asInt(),
                node.path("probes").asInt(), node.path("seconds").asDouble());
    }

    /**
     * Rounded to the millisecond: a sum of doubles such as 32.900000000000006 would otherwise land in results.json,
     * where a person compares it with the 32.9 s the page and the summary print. NaN or infinity (a clock gone wrong)
     * is not JSON and becomes 0.
     */
    private static double seconds(double seconds) {
        return Double.isFinite(seconds) ? Math.round(seconds * 1000) / 1000.0 : 0;
    }
}
