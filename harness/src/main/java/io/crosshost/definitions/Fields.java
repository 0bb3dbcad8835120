package io.crosshost.definitions;

import io.crosshost.scenario.SourceLocation;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The keys of one YAML map, checked against the keys it may have: unknown keys (with the nearest valid one),
 * duplicate keys and non-string keys are reported once, on construction. The typed getters return null when the
 * key is absent or its value is wrong (the latter reported).
 */
final class Fields {

    private final YamlFile file;
    private final Node node;
    private final String what;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private Fields(YamlFile file, MappingNode node, String what, List<String> allowed) {
        this.file = file;
        this.node = node;
        this.what = what;
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode) || !Tag.STR.equals(keyNode.getTag())) {
                file.error(keyNode, "keys are names, got " + YamlFile.describe(keyNode) + " as a key in " + what);
                continue;
            }
            String key = YamlFile.scalarValue(keyNode);
            NodeTuple first = entries.get(key);
            if (first != null) {
                file.error(keyNode, "duplicate key " + Problem.quote(key) + " in " + what + " (first at line "
                        + file.at(first.getKeyNode()).line() + ")");
                continue;
            }
            if (!allowed.contains(key)) {
                String hint = Suggestions.didYouMean(key, allowed);
                file.error(keyNode, "unknown key " + Problem.quote(key) + " in " + what
                        + (hint.isEmpty() ? "; valid keys are " + String.join(", ", allowed) : hint));
                continue;
            }
            entries.put(key, tuple);
        }
    }

    /** The fields of {@code node}, or null (reported) when it is not a map. */
    static Fields of(YamlFile file, Node node, String what, List<String> allowed) {
        if (node instanceof MappingNode mapping) {
            return new Fields(file, mapping, what, allowed);
        }
        file.error(node, "expected a map for " + what + ", got " + YamlFile.describe(node));
        return null;
    }

    YamlFile file() {
        return file;
    }

    Node node() {
        return node;
    }

    String what() {
        return what;
    }

    SourceLocation location() {
        return file.at(node);
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Node value(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    /** Reports the key as missing when it is; true when it is there. */
    boolean require(String key) {
        if (has(key)) {
            return true;
        }
        file.error(node, "missing required key '" + key + "' in " + what);
        return false;
    }

    String string(String key) {
        Node v = value(key);
        return v == null ? null : file.string(v, key);
    }

    String requiredString(String key) {
        return require(key) ? string(key) : null;
    }

    String text(String key) {
        Node v = value(key);
        return v == null ? null : file.text(v, key);
    }

    List<String> strings(String key) {
        Node v = value(key);
        return v == null ? null : file.strings(v, key);
    }

    List<String> stringOrStrings(String key) {
        Node v = value(key);
        return v == null ? null : file.stringOrStrings(v, key);
    }

    Boolean bool(String key) {
        Node v = value(key);
        return v == null ? null : file.bool(v, key);
    }

    /** An integer of at least {@code min}. */
    Long integer(String key, long min) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        Long n = file.integer(v, key);
        if (n != null && n < min) {
            file.error(v, "'" + key + "' must be at least " + min + ", got " + n);
            return null;
        }
        return n;
    }

    Duration duration(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        String text = file.text(v, key);
        if (text == null) {
            return null;
        }
        Duration d = Quantities.duration(text);
        if (d == null || d.isZero()) {
            file.error(v, "invalid duration " + Problem.quote(text) + " for '" + key + "': expected " + Quantities.DURATION_HINT);
            return null;
        }
        return d;
    }

    /** A size of at least {@code minBytes}, as a YAML integer (bytes) or a string with a unit. */
    Long size(String key, long minBytes, String minText) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        String text = file.text(v, key);
        if (text == null) {
            return null;
        }
        Long bytes = Quantities.size(text);
        if (bytes == null) {
            file.error(v, "invalid size " + Problem.quote(text) + " for '" + key + "': expected " + Quantities.SIZE_HINT);
            return null;
        }
        if (bytes < minBytes) {
            file.error(v, "'" + key + "' must be at least " + minText + ", got " + Problem.quote(text));
            return null;
        }
        return bytes;
    }

    /** One of {@code choices} (written in lower case), or null (reported with the nearest choice). */
    String choice(String key, List<String> choices) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        String text = file.string(v, key);
        if (text == null) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (choices.contains(lower)) {
            return lower;
        }
        file.error(v, "invalid value " + Problem.quote(text) + " for '" + key + "': expected one of " + String.join(", ", choices)
                + Suggestions.didYouMean(text, choices));
        return null;
    }

    /** A map of string to string (numbers and booleans taken as written). */
    Map<String, String> stringMap(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof MappingNode mapping)) {
            file.error(v, "expected a map of strings for '" + key + "', got " + YamlFile.describe(v));
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String name = YamlFile.scalarValue(tuple.getKeyNode());
            if (name == null || !Tag.STR.equals(tuple.getKeyNode().getTag())) {
                file.error(tuple.getKeyNode(), "keys are names, got " + YamlFile.describe(tuple.getKeyNode()) + " in '" + key + "'");
                continue;
            }
            if (values.containsKey(name)) {
                file.error(tuple.getKeyNode(), "duplicate key " + Problem.quote(name) + " in '" + key + "'");
                continue;
            }
            String text = file.text(tuple.getValueNode(), key + "." + name);
            if (text != null) {
                values.put(name, text);
            }
        }
        return values;
    }
}
