package io.crosshost.definitions;

import io.crosshost.scenario.FileExpectation.Who;
import io.crosshost.scenario.FileType;
import io.crosshost.scenario.TextExpectation;
import io.crosshost.scenario.TextPattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The typed reads of container-structure-test values, each problem located at its node. */
final class CstValues {

    static final List<String> ENV_KEYS = List.of("key", "value");
    static final List<String> MATCH_KEYS = List.of("key", "value", "isRegex");
    /** Where Go's os.Expand would substitute: CST expands these from the image's environment; Crosshost does not. */
    private static final Pattern EXPANSION = Pattern.compile("\\$[A-Za-z0-9_{*@#!?$-]");
    private static final Pattern GO_MODE = Pattern.compile("([dLDpSugct-]+)([r-][w-][x-][r-][w-][x-][r-][w-][x-])");

    private final YamlFile file;

    CstValues(YamlFile file) {
        this.file = file;
    }

    String name(Fields t) {
        String name = t.requiredString("name");
        if (name != null && name.isBlank()) {
            file.error(t.value("name"), "'name' is empty: every container-structure-test test needs a name");
            return null;
        }
        return name;
    }

    String path(Fields t) {
        String path = t.requiredString("path");
        if (path == null || !unexpanded(t.value("path"), path)) {
            return null;
        }
        if (!path.startsWith("/")) {
            file.error(t.value("path"), "file path " + Problem.quote(path) + " must be absolute (start with /)");
            return null;
        }
        return path;
    }

    /** False (reported) when CST would substitute $VAR from the image's env, which Crosshost does not do. */
    boolean unexpanded(Node at, String text) {
        if (EXPANSION.matcher(text).find()) {
            file.error(at, Problem.quote(text) + " uses $VARIABLE, which container-structure-test replaces with the image's"
                    + " environment and Crosshost does not support: write the value out");
            return false;
        }
        return true;
    }

    /** v2: {@code command} and {@code args}; v1: {@code command} as a list. Run as is, without a shell. */
    List<String> commandArgv(Fields t, boolean v1) {
        if (!t.require("command")) {
            return null;
        }
        List<String> argv = new ArrayList<>();
        if (v1) {
            List<String> words = t.strings("command");
            if (words == null) {
                return null;
            }
            argv.addAll(words);
            if (t.has("args")) {
                file.error(t.value("args"), "schemaVersion 1.0.0 has no 'args': write the whole command as the 'command' list");
                return null;
            }
        } else {
            String command = t.string("command");
            List<String> args = t.has("args") ? t.strings("args") : List.of();
            if (command == null || args == null) {
                return null;
            }
            argv.add(command);
            argv.addAll(args);
        }
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            file.error(t.value("command"), "'command' is empty: give the program to run");
            return null;
        }
        for (String word : argv) {
            if (!unexpanded(t.value("command"), word)) {
                return null;
            }
        }
        return argv;
    }

    /** {@code setup: [[cmd, arg], ...]}. */
    List<List<String>> commandList(Node v, String what) {
        List<Node> items = file.list(v, what);
        List<List<String>> commands = new ArrayList<>();
        for (Node item : items == null ? List.<Node>of() : items) {
            List<String> words = file.strings(item, what);
            if (words != null && words.isEmpty()) {
                file.error(item, "an empty command in '" + what + "': remove it");
            } else if (words != null && words.stream().allMatch(w -> unexpanded(item, w))) {
                commands.add(words);
            }
        }
        return commands;
    }

    Map<String, String> envVars(Node v, String what) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Node item : orEmpty(file.list(v, what))) {
            Fields e = Fields.of(file, item, "an entry of " + what, ENV_KEYS);
            if (e == null) {
                continue;
            }
            String key = e.requiredString("key");
            String value = e.require("value") ? e.text("value") : null;
            if (key != null && !ScenarioParser.ENV_NAME.matcher(key).matches()) {
                file.error(e.value("key"), "invalid environment variable name " + Problem.quote(key) + ": use letters, digits and '_'");
            } else if (key != null && value != null && unexpanded(e.value("value"), value)) {
                env.put(key, value);
            }
        }
        return env;
    }

    /** expectedOutput/excludedOutput (or Error): Go RE2 patterns found anywhere in the stream. */
    TextExpectation streams(Fields t, String expectedKey, String excludedKey) {
        List<TextPattern> expected = patterns(t, expectedKey);
        List<TextPattern> excluded = patterns(t, excludedKey);
        return expected == null || excluded == null ? null : new TextExpectation(List.of(), List.of(), expected, null, excluded);
    }

    List<TextPattern> patterns(Fields t, String key) {
        if (!t.has(key)) {
            return List.of();
        }
        List<String> regexes = t.strings(key);
        if (regexes == null) {
            return null;
        }
        List<Node> nodes = t.value(key) instanceof SequenceNode seq ? seq.getValue() : List.of();
        List<TextPattern> patterns = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < regexes.size(); i++) {
            TextPattern p = new ImportedSuite(file, "cst").goRegex(nodes.size() == regexes.size() ? nodes.get(i) : t.value(key),
                    regexes.get(i), key);
            ok &= p != null;
            if (p != null) {
                patterns.add(p);
            }
        }
        return ok ? patterns : null;
    }

    /** The type and permission bits of Go's FileMode.String(), which CST compares whole. */
    record Permissions(FileType type, int mode) {
    }

    Permissions permissions(Node v) {
        String text = file.string(v, "permissions");
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = GO_MODE.matcher(text);
        if (!m.matches() || m.group(1).length() > 4) {
            file.error(v, "expected permissions as Go writes a file mode, such as -rw-r--r--, drwxr-xr-x, Lrwxrwxrwx or"
                    + " urwxr-xr-x (setuid), got " + Problem.quote(text));
            return null;
        }
        String prefix = m.group(1);
        int mode = 0;
        for (int i = 0; i < 9; i++) {
            mode = mode << 1 | (m.group(2).charAt(i) == '-' ? 0 : 1);
        }
        mode |= (prefix.contains("u") ? 04000 : 0) | (prefix.contains("g") ? 02000 : 0) | (prefix.contains("t") ? 01000 : 0);
        String kinds = prefix.replaceAll("[ugt-]", "");
        FileType type = switch (kinds) {
            case "" -> FileType.FILE;
            case "d" -> FileType.DIRECTORY;
            case "L" -> FileType.SYMLINK;
            case "D" -> FileType.BLOCK_DEVICE;
            case "Dc" -> FileType.CHARACTER_DEVICE;
            case "p" -> FileType.PIPE;
            case "S" -> FileType.SOCKET;
            default -> null;
        };
        if (type == null || (prefix.contains("-") && !prefix.equals("-"))) {
            file.error(v, "the file type letters " + Problem.quote(prefix) + " of " + Problem.quote(text)
                    + " are not what Go writes: d, L, D, Dc, p or S, then u, g, t; '-' alone for a regular file");
            return null;
        }
        return new Permissions(type, mode);
    }

    Who executableBy(Node v) {
        String text = file.string(v, "isExecutableBy");
        if (text == null) {
            return null;
        }
        try {
            return Who.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            file.error(v, "invalid isExecutableBy " + Problem.quote(text) + ": expected owner, group, other or any");
            return null;
        }
    }

    /** {@code [{key, value, isRegex}]} as name -> expectation (value Go RE2 found anywhere when isRegex). */
    Map<String, io.crosshost.scenario.ImageExpectation.ValueExpectation> matchPairs(Node v, String what) {
        Map<String, io.crosshost.scenario.ImageExpectation.ValueExpectation> pairs = new LinkedHashMap<>();
        for (Node item : orEmpty(file.list(v, what))) {
            Fields e = Fields.of(file, item, "an entry of " + what, MATCH_KEYS);
            if (e == null) {
                continue;
            }
            String key = e.requiredString("key");
            String value = e.has("value") ? e.text("value") : "";
            Boolean regex = e.has("isRegex") ? e.bool("isRegex") : Boolean.FALSE;
            if (key == null || value == null || regex == null) {
                continue;
            }
            if (regex) {
                TextPattern.GoRegex p = new ImportedSuite(file, "cst").goRegex(e.value("value"), value, what + "." + key);
                if (p != null) {
                    pairs.put(key, new io.crosshost.scenario.ImageExpectation.ValueExpectation(null, p));
                }
            } else {
                pairs.put(key, io.crosshost.scenario.ImageExpectation.ValueExpectation.equalTo(value));
            }
        }
        return pairs;
    }

    private static List<Node> orEmpty(List<Node> nodes) {
        return nodes == null ? List.of() : nodes;
    }
}
