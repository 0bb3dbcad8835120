package io.crosshost.scenario.yaml;

import io.crosshost.scenario.SourceLocation;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * One YAML file as snakeyaml-engine's node graph, and the typed reads over its nodes. Every read that finds
 * the wrong thing records a problem at that node and returns null, so that parsing goes on and reports
 * everything in one pass.
 */
final class YamlFile {

    final Path path;
    private final List<Problem> problems;

    private YamlFile(Path path, List<Problem> problems) {
        this.path = path;
        this.problems = problems;
    }

    /**
     * Composes the file's single document. Bad syntax, an unreadable file, several documents or an empty file
     * each become a problem and an empty result; nothing here throws for user input.
     */
    static Optional<Root> read(Path path, List<Problem> problems) {
        YamlFile file = new YamlFile(path, problems);
        LoadSettings settings = LoadSettings.builder()
                .setLabel(path.toString())
                // YAML 1.2 core: 'no' and 'on' stay strings, unlike YAML 1.1 (the "Norway problem").
                .setSchema(new CoreSchema())
                .setAllowRecursiveKeys(false)
                .build();
        List<Node> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Iterator<Node> it = new Compose(settings).composeAllFromReader(reader).iterator();
            while (it.hasNext()) {
                documents.add(it.next());
            }
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            file.error(mark == null ? SourceLocation.of(path) : new SourceLocation(path, mark.getLine() + 1, mark.getColumn() + 1),
                    "invalid YAML: " + what + context);
            return Optional.empty();
        } catch (NoSuchFileException e) {
            file.error(SourceLocation.of(path), "file not found");
            return Optional.empty();
        } catch (CharacterCodingException e) {
            file.error(SourceLocation.of(path), "not a UTF-8 text file");
            return Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            file.error(SourceLocation.of(path), "cannot read the file: " + e.getMessage());
            return Optional.empty();
        } catch (YamlEngineException e) {
            file.error(SourceLocation.of(path), "invalid YAML: " + e.getMessage());
            return Optional.empty();
        }
        if (documents.isEmpty()) {
            file.error(SourceLocation.of(path), "the file is empty");
            return Optional.empty();
        }
        if (documents.size() > 1) {
            file.error(documents.get(1), "one YAML document per file: remove the '---' and list scenarios under 'scenarios:'");
            return Optional.empty();
        }
        return Optional.of(new Root(file, documents.get(0)));
    }

    /** A file and its one document. */
    record Root(YamlFile file, Node node) {
    }

    SourceLocation at(Node node) {
        return node.getStartMark()
                .map(m -> new SourceLocation(path, m.getLine() + 1, m.getColumn() + 1))
                .orElse(SourceLocation.of(path));
    }

    void error(Node node, String message) {
        error(at(node), message);
    }

    void error(SourceLocation location, String message) {
        problems.add(new Problem(location, message));
    }

    /** "a map", "a list", "a string", "an integer", "a boolean", "a number", "null": the words of type errors. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a map";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        Tag tag = node.getTag();
        if (Tag.INT.equals(tag)) {
            return "an integer";
        }
        if (Tag.FLOAT.equals(tag)) {
            return "a number";
        }
        if (Tag.BOOL.equals(tag)) {
            return "a boolean";
        }
        if (Tag.NULL.equals(tag)) {
            return "nothing (null)";
        }
        return "a string";
    }

    private boolean isScalar(Node node, Tag tag) {
        return node instanceof ScalarNode && tag.equals(node.getTag());
    }

    private void wrongType(Node node, String expected, String what) {
        error(node, "expected " + expected + " for '" + what + "', got " + describe(node));
    }

    String string(Node node, String what) {
        if (isScalar(node, Tag.STR)) {
            return ((ScalarNode) node).getValue();
        }
        wrongType(node, "a string", what);
        return null;
    }

    /** A string, or a number or boolean taken as written: user: 1000, env values such as DEBUG: 1. */
    String text(Node node, String what) {
        if (node instanceof ScalarNode scalar && !Tag.NULL.equals(node.getTag())) {
            return scalar.getValue();
        }
        wrongType(node, "a string", what);
        return null;
    }

    Long integer(Node node, String what) {
        if (isScalar(node, Tag.INT)) {
            String v = ((ScalarNode) node).getValue().replace("_", "");
            boolean negative = v.startsWith("-");
            String digits = v.startsWith("-") || v.startsWith("+") ? v.substring(1) : v;
            int radix = 10;
            if (digits.startsWith("0x")) {
                radix = 16;
                digits = digits.substring(2);
            } else if (digits.startsWith("0o")) {
                radix = 8;
                digits = digits.substring(2);
            }
            try {
                BigInteger n = new BigInteger(digits, radix);
                return (negative ? n.negate() : n).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                error(node, "the integer for '" + what + "' is out of range");
                return null;
            }
        }
        wrongType(node, "an integer", what);
        return null;
    }

    Boolean bool(Node node, String what) {
        if (isScalar(node, Tag.BOOL)) {
            return Boolean.parseBoolean(((ScalarNode) node).getValue().toLowerCase(java.util.Locale.ROOT));
        }
        wrongType(node, "true or false", what);
        return null;
    }

    List<Node> list(Node node, String what) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        wrongType(node, "a list", what);
        return null;
    }

    List<String> strings(Node node, String what) {
        if (!(node instanceof SequenceNode sequence)) {
            wrongType(node, "a list of strings", what);
            return null;
        }
        List<String> values = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (isScalar(item, Tag.STR)) {
                values.add(((ScalarNode) item).getValue());
            } else {
                error(item, "expected a string in '" + what + "', got " + describe(item));
            }
        }
        return values;
    }

    /** {@code contains: fred:} and {@code contains: [fred:, root:]} alike. */
    List<String> stringOrStrings(Node node, String what) {
        if (isScalar(node, Tag.STR)) {
            return List.of(((ScalarNode) node).getValue());
        }
        if (node instanceof SequenceNode) {
            return strings(node, what);
        }
        wrongType(node, "a string or a list of strings", what);
        return null;
    }

    /** The plain string value of a scalar, without a type check: for keys and for nodes already checked. */
    static String scalarValue(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }
}
