package io.crosshost.definitions;

import io.crosshost.scenario.SourceLocation;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.ComposerException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
     * Larger than any catalog needs (the shipped one is 40 KiB); also snakeyaml's own limit in code points, which
     * a file within this many bytes cannot reach.
     */
    static final int MAX_BYTES = 3 * 1024 * 1024;
    /** Definitions nest a handful of levels; snakeyaml's composer recurses per level and would overflow the stack. */
    static final int MAX_DEPTH = 64;
    /** snakeyaml's default: aliases to lists and maps are how a "billion laughs" file multiplies itself. */
    static final int MAX_COLLECTION_ALIASES = 50;

    /**
     * Composes the file's single document. Bad syntax, an unreadable file, bytes that are not UTF-8, nesting or
     * aliasing beyond reason, several documents or an empty file each become a located problem and an empty result;
     * nothing here throws for user input.
     */
    static Optional<Root> read(Path path, List<Problem> problems) {
        YamlFile file = new YamlFile(path, problems);
        Optional<String> text = file.readText();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(path.toString())
                // YAML 1.2 core: 'no' and 'on' stay strings, unlike YAML 1.1 (the "Norway problem").
                .setSchema(new CoreSchema())
                .setAllowRecursiveKeys(false)
                .setCodePointLimit(MAX_BYTES)
                .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
                // The whole text in one window: snakeyaml-engine before 3.1.1 throws IndexOutOfBoundsException when an
                // emoji's surrogate pair straddles its 1024-char window (FasterXML/jackson-dataformats-text#508).
                .setBufferSize(text.get().length() + 1)
                .build();
        List<Node> documents = new ArrayList<>();
        GuardedParser parser = new GuardedParser(new ParserImpl(settings, new StreamReader(settings, text.get())));
        try {
            Composer composer = new Composer(settings, parser);
            while (composer.hasNext()) {
                documents.add(composer.next());
            }
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(parser.lastMark);
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null && !e.getContext().isBlank() ? " (" + e.getContext() + ")" : "";
            file.error(file.at(mark), "invalid YAML: " + what + context);
            return Optional.empty();
        } catch (YamlEngineException e) {
            // Unmarked: snakeyaml's limits. The last event read is where it stopped.
            file.error(file.at(parser.lastMark), "invalid YAML: " + e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // A bug of the YAML library (the one above was one): still one located line, never a crash of the command.
            file.error(file.at(parser.lastMark), "the YAML reader failed near here (" + e.getClass().getSimpleName()
                    + "); please report this file as a Crosshost bug");
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
        if (!file.plainYaml(documents.get(0), settings.getSchema().getScalarResolver())) {
            return Optional.empty();
        }
        return Optional.of(new Root(file, documents.get(0)));
    }

    /**
     * Definitions are plain YAML: strings, numbers, booleans, null, lists and maps. A tag that says otherwise
     * ({@code !!binary}, {@code !custom}, a map tagged {@code !!str}, {@code !!int x}) is reported where it is written,
     * since the parsers would otherwise read it by its shape and say something misleading. Walks the graph once,
     * aliases and cycles included.
     */
    private boolean plainYaml(Node root, ScalarResolver resolver) {
        boolean plain = true;
        Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            if (!seen.add(node)) {
                continue;
            }
            Tag tag = node.getTag();
            String problem = null;
            if (node instanceof MappingNode map) {
                problem = Tag.MAP.equals(tag) ? null : "a map cannot be tagged " + tagName(tag);
                map.getValue().forEach(t -> {
                    todo.push(t.getValueNode());
                    todo.push(t.getKeyNode());
                });
            } else if (node instanceof SequenceNode seq) {
                problem = Tag.SEQ.equals(tag) ? null : "a list cannot be tagged " + tagName(tag);
                seq.getValue().forEach(todo::push);
            } else if (node instanceof ScalarNode scalar && !Tag.STR.equals(tag)) {
                if (Tag.MAP.equals(tag) || Tag.SEQ.equals(tag)) {
                    problem = "a single value cannot be tagged " + tagName(tag);
                } else if (!List.of(Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL).contains(tag)) {
                    problem = "unsupported tag " + tagName(tag) + ": definition files hold strings, numbers, booleans, lists and maps";
                } else if (!tag.equals(resolver.resolve(scalar.getValue(), true))) {
                    problem = Problem.quote(scalar.getValue()) + " is not what its tag " + tagName(tag) + " says";
                }
            }
            if (problem != null) {
                error(node, problem);
                plain = false;
            }
        }
        return plain;
    }

    /** {@code !!binary} for YAML's own tags, the tag as written for others. */
    private static String tagName(Tag tag) {
        String v = tag.getValue();
        return v.startsWith(Tag.PREFIX) ? "!!" + v.substring(Tag.PREFIX.length()) : v;
    }

    /** The file as UTF-8 text, or empty with the problem recorded: missing, unreadable, too large, or not UTF-8. */
    private Optional<String> readText() {
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                error(SourceLocation.of(path), "the file is " + size + " bytes; a definition file is at most "
                        + (MAX_BYTES >> 20) + " MiB: split the scenarios into several files");
                return Optional.empty();
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            error(SourceLocation.of(path), "file not found");
            return Optional.empty();
        } catch (AccessDeniedException e) {
            error(SourceLocation.of(path), "cannot read the file: permission denied");
            return Optional.empty();
        } catch (IOException e) {
            String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
            error(SourceLocation.of(path), "cannot read the file: " + reason);
            return Optional.empty();
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            // Where the bad byte is, with lines counted as YAML 1.2 and snakeyaml count them (CR, LF, CRLF).
            int at = in.position();
            String before = new String(bytes, 0, at, StandardCharsets.UTF_8);
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < before.length(); i++) {
                char c = before.charAt(i);
                boolean crlf = c == '\r' && i + 1 < before.length() && before.charAt(i + 1) == '\n';
                if (!crlf && (c == '\n' || c == '\r')) {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = before.codePointCount(lineStart, before.length()) + 1;
            error(new SourceLocation(path, line, column), String.format("not UTF-8 text: byte 0x%02x cannot be here;"
                    + " save the file as UTF-8", bytes[at] & 0xff));
            return Optional.empty();
        }
        out.flip();
        String text = out.toString();
        // YAML allows only printable characters; snakeyaml says so without saying where.
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!StreamReader.isPrintable(c)) {
                error(new SourceLocation(path, line, column), String.format("the character U+%04X is not allowed in YAML"
                        + " (only printable characters, tabs and line breaks); remove it or write it as an escape in"
                        + " double quotes", c));
                return Optional.empty();
            }
            i += Character.charCount(c);
            boolean crlf = c == '\r' && i < text.length() && text.charAt(i) == '\n';
            if (!crlf && (c == '\n' || c == '\r')) {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return Optional.of(text);
    }

    /**
     * The parser as the composer sees it, with limits the composer lacks: nesting depth (it recurses once per level)
     * and aliases to collections counted where they are written. Remembers the last event's place for problems
     * snakeyaml reports without one.
     */
    private static final class GuardedParser implements Parser {

        private final Parser parser;
        private final Set<String> collectionAnchors = new HashSet<>();
        private int depth;
        private int collectionAliases;
        Mark lastMark;

        GuardedParser(Parser parser) {
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return parser.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return parser.hasNext();
        }

        @Override
        public Event next() {
            Event event = parser.next();
            event.getStartMark().ifPresent(m -> lastMark = m);
            switch (event.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (++depth > MAX_DEPTH) {
                        throw new ComposerException("lists and maps are nested more than " + MAX_DEPTH + " levels deep",
                                event.getStartMark());
                    }
                    ((NodeEvent) event).getAnchor().ifPresent(a -> collectionAnchors.add(a.getValue()));
                }
                case MappingEnd, SequenceEnd -> depth--;
                case Alias -> {
                    if (collectionAnchors.contains(((AliasEvent) event).getAlias().getValue())
                            && ++collectionAliases > MAX_COLLECTION_ALIASES) {
                        throw new ComposerException("more than " + MAX_COLLECTION_ALIASES + " aliases to lists and maps;"
                                + " write the values out", event.getStartMark());
                    }
                }
                default -> {
                }
            }
            return event;
        }
    }

    /** Where this file's problems go: a goss include reads its files into the same list. */
    List<Problem> problems() {
        return problems;
    }

    /** A file and its one document. */
    record Root(YamlFile file, Node node) {
    }

    SourceLocation at(Node node) {
        return at(node.getStartMark().orElse(null));
    }

    SourceLocation at(Mark mark) {
        return mark == null ? SourceLocation.of(path) : new SourceLocation(path, mark.getLine() + 1, mark.getColumn() + 1);
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
