package io.crosshost.definitions;

import io.crosshost.scenario.Command;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Step;
import io.crosshost.scenario.TextExpectation;
import io.crosshost.scenario.TextPattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * goss values: plain values (a boolean, a number, a string compared whole) and pattern lists (stdout, stderr and
 * contents, matched line by line). goss's matcher maps ({@code {lt: 2}}, {@code {contain-element: x}}) are refused
 * at the node, except {@code have-patterns}, which is the list form spelt out.
 */
final class GossValues {

    private final YamlFile file;
    private final ImportedSuite suite;

    GossValues(YamlFile file, ImportedSuite suite) {
        this.file = file;
        this.suite = suite;
    }

    String typeName(String kind) {
        return switch (kind) {
            case "kernel-param" -> "KernelParam";
            default -> Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        };
    }

    /** Refuses a matcher map where a plain value is needed; true when the value is plain. */
    private boolean plain(Fields f, String key) {
        Node v = f.value(key);
        if (v instanceof MappingNode m) {
            String matcher = m.getValue().isEmpty() ? "{}" : YamlFile.scalarValue(m.getValue().get(0).getKeyNode());
            file.error(v, "the goss matcher " + Problem.quote(matcher) + " for '" + key + "' is not supported: write the"
                    + " value itself" + (key.equals("stdout") || key.equals("stderr") || key.equals("contents") ? " or a list of patterns" : ""));
            return false;
        }
        return true;
    }

    Boolean bool(Fields f, String key) {
        return plain(f, key) ? f.bool(key) : null;
    }

    String string(Fields f, String key) {
        return plain(f, key) ? f.text(key) : null;
    }

    /** An integer as its digits (goss also takes a number written as a string). */
    String number(Fields f, String key) {
        String text = string(f, key);
        if (text != null && !text.matches("[0-9]{1,18}")) {
            file.error(f.value(key), "expected a whole number for '" + key + "', got " + Problem.quote(text));
            return null;
        }
        return text;
    }

    Integer mode(Node at, String text) {
        if (!text.matches("0?[0-7]{3,4}")) {
            file.error(at, "expected a goss mode such as \"0644\" (octal, quoted), got " + Problem.quote(text));
            return null;
        }
        return Integer.parseInt(text, 8);
    }

    List<String> list(Fields f, String key) {
        return plain(f, key) ? f.strings(key) : null;
    }

    /** A list of goss patterns: {@code text}, {@code !text}, {@code /re/flags} and {@code !/re/}. */
    List<TextPattern> patterns(Fields f, String key) {
        Node v = f.value(key);
        if (v instanceof MappingNode m && m.getValue().size() == 1
                && "have-patterns".equals(YamlFile.scalarValue(m.getValue().get(0).getKeyNode()))) {
            v = m.getValue().get(0).getValueNode();
        } else if (!plain(f, key)) {
            return null;
        }
        if (!(v instanceof SequenceNode seq)) {
            file.error(v, "expected a list of goss patterns for '" + key + "', got " + YamlFile.describe(v));
            return null;
        }
        List<TextPattern> patterns = new ArrayList<>();
        for (Node item : seq.getValue()) {
            String text = file.text(item, key);
            TextPattern p = text == null ? null : pattern(item, text, key);
            if (p == null) {
                return null;
            }
            patterns.add(p);
        }
        return patterns;
    }

    /** As goss's have-patterns reads one entry (matchers/have_patterns.go). */
    TextPattern pattern(Node at, String text, String where) {
        boolean negated = text.startsWith("!");
        String core = negated ? text.substring(1) : text;
        int close = core.startsWith("/") ? core.lastIndexOf('/') : -1;
        String flags = close > 0 ? core.substring(close + 1) : "";
        if (close > 0 && flags.chars().allMatch(c -> c == 'i' || c == 'm' || c == 's')) {
            String re = (flags.isEmpty() ? "" : "(?" + flags + ")") + core.substring(1, close);
            com.google.re2j.Pattern p = suite.compile(at, re, 0, where);
            return p == null ? null : new TextPattern.GossPattern(text, negated, null, p);
        }
        // goss trims every leading '\', '/' and '!' of a plain entry: "\!x" is the text "x"... as it does.
        return new TextPattern.GossPattern(text, negated, text.replaceFirst("^[\\\\/!]+", ""), null);
    }

    /** A stream: a pattern list, or a string that is the whole output. */
    TextExpectation stream(Fields f, String key) {
        if (!f.has(key)) {
            return TextExpectation.NONE;
        }
        if (f.value(key) instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
            return new TextExpectation(List.of(), List.of(), List.of(), s.getValue(), List.of());
        }
        List<TextPattern> p = patterns(f, key);
        return p == null ? null : new TextExpectation(List.of(), List.of(), p, null, List.of());
    }

    /** goss runs {@code exec} (the resource's id when absent) with sh -c. */
    Step command(Fields f, String id) {
        String exec = f.has("exec") ? string(f, "exec") : id;
        String exit = f.require("exit-status") ? number(f, "exit-status") : null;
        TextExpectation stdout = stream(f, "stdout");
        TextExpectation stderr = stream(f, "stderr");
        if (exec == null || exit == null || stdout == null || stderr == null) {
            return null;
        }
        Expectations expect = new Expectations(Set.of(Integer.parseInt(exit)), stdout, stderr, List.of());
        return new Step("command " + id, Command.shell(exec), expect, f.location());
    }

    /** goss's timeout is milliseconds (10 s when absent, which the matrix's timeout replaces here). */
    RunOptions withTimeout(RunOptions o, Fields f) {
        String ms = number(f, "timeout");
        if (ms == null) {
            return null;
        }
        return new RunOptions(o.user(), o.workdir(), o.env(), o.secretEnv(), Duration.ofMillis(Math.max(1, Long.parseLong(ms))),
                o.network(), o.capAdd(), o.capDrop(), o.securityOpt(), o.readOnly(), o.privileged(), o.memoryBytes(),
                o.pidsLimit(), o.entrypoint());
    }

    /** The container's processes by name (comm, as goss compares them), read from /proc. */
    Step process(Fields f, String id) {
        String comm = f.has("comm") ? string(f, "comm") : id;
        Boolean running = f.require("running") ? bool(f, "running") : null;
        if (comm == null || running == null) {
            return null;
        }
        TextPattern line = new TextPattern.GoRegex(com.google.re2j.Pattern.compile("(?m)^" + com.google.re2j.Pattern.quote(comm) + "$"));
        TextExpectation stdout = new TextExpectation(List.of(), List.of(), running ? List.of(line) : List.of(), null,
                running ? List.of() : List.of(line));
        Expectations expect = new Expectations(Set.of(), stdout, TextExpectation.NONE, List.of());
        return new Step("process " + comm, Command.shell("cat /proc/[0-9]*/comm 2>/dev/null"), expect, f.location());
    }
}
