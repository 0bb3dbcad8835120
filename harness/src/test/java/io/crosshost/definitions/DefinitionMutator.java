package io.crosshost.definitions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Breaks a good definition file the ways people and tools break them: lines deleted, duplicated, swapped or
 * re-indented, values of another type, keys misspelt, random and invalid UTF-8 bytes, truncation, odd Unicode,
 * huge values, anchors and aliases (billion laughs, recursion, merge keys), tags, directives and several documents.
 *
 * <p>Works on the file's bytes read as ISO-8859-1, one char per byte, so that byte-level damage survives the
 * line-level operations that come after it; text inserted is encoded as UTF-8 first.
 */
final class DefinitionMutator {

    /** The damaged file and what was done to it, for the failure message. */
    record Mutant(byte[] bytes, List<String> operations) {
    }

    private interface Operation {
        String apply(String text, Random r, List<String> log);
    }

    private record Weighted(int weight, Operation operation) {
    }

    private static final Pattern KEY_VALUE = Pattern.compile("(?m)^([ \\t]*(?:- +)?[^\\s:#\\-][^:#\\n]*: +)(\\S[^\\n]*)$");
    private static final Pattern LIST_ITEM = Pattern.compile("(?m)^([ \\t]*- +)(\\S[^\\n:]*)$");
    private static final Pattern KEY = Pattern.compile("(?m)^([ \\t]*(?:- +)?)([A-Za-z_][A-Za-z0-9_]*)(:)");

    /** Values of every YAML type and many shapes: the wrong type where a string, list or map belongs. */
    static final List<String> VALUES = List.of(
            "0", "1", "-1", "255", "256", "3.14", "-0.0", "1e400", ".nan", ".inf", "-.inf", "0x1F", "0o17", "0b101", "1_000",
            "true", "false", "True", "yes", "no", "on", "null", "~", "Null",
            "''", "\"\"", "' '", "[]", "{}", "[a, b]", "[1, 2]", "[[]]", "[{}]", "{a: 1}", "{a: [1]}", "[null]", "[~, ~]",
            "!!binary aGVsbG8=", "!!timestamp 2001-12-14t21:59:43.10-05:00", "!!set {a, b}", "!!omap [a: 1]", "!!str 1",
            "!!int x", "!!float abc", "!!bool maybe", "!!null x", "!custom thing", "!<tag:yaml.org,2002:str> x", "!!map {}",
            "!!seq []", "!! x", "!x!y z", "!!python/object:os.system id",
            "&anc value", "*undefined", "*", "&", "&a [*a]",
            "99999999999999999999999999", "-9223372036854775809", "9223372036854775807", "2147483648", "-2147483649",
            "\"\\x00\\x01\\x1b[31mred\\x7f\"", "\"a\\nb\\rc\\td\"", "\"\\u202Eevil\\u200B\"", "\"\\uD800\"", "\"\\U0001F680\"",
            "\"\\L\\P\\N\\_\"", "\"line\\nbreak\"", "\"tab\\there\"",
            "\"unterminated", "'unterminated", "[unclosed", "{unclosed: 1", "a: b: c", "- not a map", "? complex", "]", "}",
            "#not a comment", "@reserved", "`reserved", "%percent", "|", ">-", "|-\n  block\n text", ">\n bad\n   indent",
            "ünïcödé 🚀", "日本語", "Ω≈ç√", "\u200B", "\uFEFF", "\u202ERTL", "e\u0301", "\uFFFD", "\uFFFF", "\u0085", "\u2028",
            "unix:///var/run/docker.sock", "unix://relative.sock", "tcp://localhost:2376", "tcp://:0", "tcp://[::1]:99999",
            "ssh://x", "default", "/etc/passwd", "../../etc/shadow", "C:\\x", "/", "relative/path",
            "1m", "30s", "0s", "-5s", "1h30m", "999999999999999h", "9223372036854775807ms", "256m", "5", "0k",
            "9999999999999t", "1.5g", "6m", "1k",
            "docker", "debian-13", "Debian:12", "a:b:c:d", "debian@sha256:abc", "debian:", ":latest", "?", "[a-", "{a,{b}}",
            "\\", "**", "[!a]", "x/y", "a*",
            "https://bugs.example.com/1", "http://", "javascript:alert(1)", "${HOME}", "$(id)", "; rm -rf /",
            "fresh", "shared", "never", "always", "missing", "ALL", "CAP_SYS_ADMIN", "NET_BIND_SERVIC", "none", "host",
            "(", "[", "*+", "(?<n>", "a{99999}", "(a+)+$", "\\p{NotAProp}", "\\", "linux/amd64", "LINUX/AMD64");

    /** Values too large for any real file: long strings and numbers, deep nesting, long lists. */
    static final List<java.util.function.Supplier<String>> HUGE = List.of(
            () -> "a".repeat(200_000),
            () -> "\"" + "x".repeat(300_000) + "\"",
            () -> "9".repeat(10_000),
            () -> "a".repeat(5_000) + "!",
            () -> "a-".repeat(20_000) + "!",
            () -> "[".repeat(5_000) + "]".repeat(5_000),
            () -> "{a: ".repeat(3_000) + "x" + "}".repeat(3_000),
            () -> "- ".repeat(2_000) + "x",
            () -> "[" + "x, ".repeat(20_000) + "x]",
            () -> "\"" + "\\u00e9".repeat(30_000) + "\"",
            // Beyond the loader's 3 MiB: refused by size, before any parsing.
            () -> "'" + "ü".repeat(1_600_000) + "'",
            () -> "y".repeat(5_000_000));

    /** Keys of both file kinds, misspelt keys and keys that are not names. */
    static final List<String> KEYS = List.of("id", "title", "run", "argv", "steps", "expect", "env", "timeout", "tags",
            "known_failures", "hosts", "images", "scenarios", "exclude", "defaults", "name", "ref", "endpoint", "reason",
            "exit_code", "stdout", "contains", "value", "secret", "memory", "pids_limit", "isolation", "retries",
            "titel", "readOnly", "READ_ONLY", "exit-code", "1", "true", "null", "\"\"", "\"a b\"", "ünï", "<<", "? x",
            "[a]", "{a: 1}", "&k id", "*k", "!!str id", "x".repeat(10_000));

    /** Lines that do not belong: documents, directives, anchors, complex keys. */
    static final List<String> LINES = List.of("---", "...", "--- !!map", "%YAML 1.1", "%YAML 2.0", "%TAG ! tag:example.com,2000:",
            "# comment", "&a", "*a", "!!map", "? [complex, key]", ": value", "- item", "key: value", "<<: {run: x}",
            "<<: *a", "\t", " ", "'", "\"", "{", "[", "}", "]", "@", "`", "|", ">", "- - - nested", "a: &a [*a]",
            "%", "!", "&", "*", "?", ":", "-");

    /** Whole files that are barely anything. */
    static final List<String> TINY = List.of("", " ", "\n\n", "# only a comment\n", "\uFEFF", "\uFEFF\uFEFF", "---\n", "...\n",
            "null", "~", "[]", "{}", "42", "\"string\"", "- a\n- b\n", "---\n---\n", "%YAML 1.2\n---\n", "!!binary aGk=",
            "&a *a", "*a", "id: x\n", "scenarios: []\n", "scenarios:\n  - 1\n", "scenarios: {}\n", "scenarios: *x\n");

    private static final List<Weighted> OPERATIONS = List.of(
            new Weighted(8, DefinitionMutator::deleteLine),
            new Weighted(6, DefinitionMutator::duplicateLine),
            new Weighted(6, DefinitionMutator::swapLines),
            new Weighted(4, DefinitionMutator::moveLine),
            new Weighted(8, DefinitionMutator::reindent),
            new Weighted(16, DefinitionMutator::replaceValue),
            new Weighted(6, DefinitionMutator::replaceListItem),
            new Weighted(6, DefinitionMutator::replaceKey),
            new Weighted(5, DefinitionMutator::insertLine),
            new Weighted(4, DefinitionMutator::randomBytes),
            new Weighted(4, DefinitionMutator::overwriteBytes),
            new Weighted(5, DefinitionMutator::truncate),
            new Weighted(5, DefinitionMutator::unicode),
            new Weighted(4, DefinitionMutator::invalidUtf8),
            new Weighted(2, DefinitionMutator::unicodeAtWindowEdge),
            new Weighted(3, DefinitionMutator::hugeValue),
            new Weighted(3, DefinitionMutator::billionLaughs),
            new Weighted(4, DefinitionMutator::aliases),
            new Weighted(3, DefinitionMutator::documents),
            new Weighted(3, DefinitionMutator::lineEndings),
            new Weighted(1, DefinitionMutator::tiny),
            new Weighted(3, DefinitionMutator::blockToFlow),
            new Weighted(2, DefinitionMutator::duplicateBlock));

    private static final int TOTAL_WEIGHT = OPERATIONS.stream().mapToInt(Weighted::weight).sum();

    private DefinitionMutator() {
    }

    /** One to three operations on {@code original}, chosen by {@code r}. */
    static Mutant mutate(byte[] original, Random r) {
        String text = new String(original, StandardCharsets.ISO_8859_1);
        int n = r.nextInt(10) < 6 ? 1 : r.nextInt(10) < 7 ? 2 : 3;
        List<String> log = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            text = pick(r).apply(text, r, log);
        }
        return new Mutant(text.getBytes(StandardCharsets.ISO_8859_1), log);
    }

    private static Operation pick(Random r) {
        int x = r.nextInt(TOTAL_WEIGHT);
        for (Weighted w : OPERATIONS) {
            x -= w.weight();
            if (x < 0) {
                return w.operation();
            }
        }
        throw new IllegalStateException();
    }

    /** UTF-8 text as the one-char-per-byte form the operations work on. */
    private static String bytes(String utf8) {
        return new String(utf8.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String shortly(String s) {
        String printable = s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...(" + s.length() + " chars)";
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n", -1)));
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines);
    }

    private static <T> T any(List<T> list, Random r) {
        return list.get(r.nextInt(list.size()));
    }

    private static String deleteLine(String text, Random r, List<String> log) {
        List<String> lines = lines(text);
        int i = r.nextInt(lines.size());
        log.add("delete line " + (i + 1));
        lines.remove(i);
        return join(lines);
    }

    private static String duplicateLine(String text, Random r, List<String> log) {
        List<String> lines = lines(text);
        int i = r.nextInt(lines.size());
        int at = r.nextBoolean() ? i + 1 : r.nextInt(lines.size() + 1);
        log.add("duplicate line " + (i + 1) + " at " + (at + 1));
        lines.add(at, lines.get(i));
        return join(lines);
    }

    private static String swapLines(String text, Random r, List<String> log) {
        List<String> lines = lines(text);
        int i = r.nextInt(lines.size());
        int j = r.nextBoolean() ? Math.min(i + 1, lines.size() - 1) : r.nextInt(lines.size());
        log.add("swap lines " + (i + 1) + " and " + (j + 1));
        String t = lines.get(i);
        lines.set(i, lines.get(j));
        lines.set(j, t);
        return join(lines);
    }

    private static String moveLine(String text, Random r, List<String> log) {
        List<String> lines = lines(text);
        int i = r.nextInt(lines.size());
        String line = lines.remove(i);
        int at = r.nextInt(lines.size() + 1);
        log.add("move line " + (i + 1) + " to " + (at + 1));
        lines.add(at, line);
        return join(lines);
    }

    private static String reindent(String text, Random r, List<String> log) {
        List<String> lines = lines(text);
        int i = r.nextInt(lines.size());
        String line = lines.get(i);
        String body = line.stripLeading();
        int indent = line.length() - body.length();
        String changed = switch (r.nextInt(5)) {
            case 0 -> " ".repeat(indent + 1 + r.nextInt(4)) + body;
            case 1 -> " ".repeat(Math.max(0, indent - 1 - r.nextInt(4))) + body;
            case 2 -> "\t" + body;
            case 3 -> body;
            default -> " ".repeat(indent) + "\t" + body;
        };
        log.add("re-indent line " + (i + 1) + " to '" + shortly(changed) + "'");
        lines.set(i, changed);
        return join(lines);
    }

    private static String replaceMatch(String text, Pattern pattern, Random r, List<String> log, String what, String value) {
        Matcher m = pattern.matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(2), m.end(2)});
        }
        if (spans.isEmpty()) {
            return deleteLine(text, r, log);
        }
        int[] s = any(spans, r);
        log.add(what + " '" + shortly(text.substring(s[0], s[1])) + "' -> '" + shortly(value) + "'");
        return text.substring(0, s[0]) + bytes(value) + text.substring(s[1]);
    }

    private static String replaceValue(String text, Random r, List<String> log) {
        return replaceMatch(text, KEY_VALUE, r, log, "value", any(VALUES, r));
    }

    private static String replaceListItem(String text, Random r, List<String> log) {
        return replaceMatch(text, LIST_ITEM, r, log, "list item", any(VALUES, r));
    }

    private static String replaceKey(String text, Random r, List<String> log) {
        Matcher m = KEY.matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(2), m.end(2)});
        }
        if (spans.isEmpty()) {
            return insertLine(text, r, log);
        }
        int[] s = any(spans, r);
        String key = any(KEYS, r);
        log.add("key '" + text.substring(s[0], s[1]) + "' -> '" + shortly(key) + "'");
        return text.substring(0, s[0]) + bytes(key) + text.substring(s[1]);
    }

    private static String insertLine(String text, Random r, List<String> log) {
        List<String> lines = lines(text);
        int at = r.nextInt(lines.size() + 1);
        String neighbour = at < lines.size() ? lines.get(at) : "";
        String indent = neighbour.substring(0, neighbour.length() - neighbour.stripLeading().length());
        String line = indent + any(LINES, r);
        log.add("insert line '" + shortly(line) + "' at " + (at + 1));
        lines.add(at, bytes(line));
        return join(lines);
    }

    private static String randomBytes(String text, Random r, List<String> log) {
        int at = r.nextInt(text.length() + 1);
        StringBuilder junk = new StringBuilder();
        int n = 1 + r.nextInt(16);
        for (int i = 0; i < n; i++) {
            junk.append((char) r.nextInt(256));
        }
        log.add("insert " + n + " random bytes at byte " + at);
        return text.substring(0, at) + junk + text.substring(at);
    }

    private static String overwriteBytes(String text, Random r, List<String> log) {
        if (text.isEmpty()) {
            return randomBytes(text, r, log);
        }
        char[] chars = text.toCharArray();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            chars[r.nextInt(chars.length)] = (char) r.nextInt(256);
        }
        log.add("overwrite " + n + " random bytes");
        return new String(chars);
    }

    private static String truncate(String text, Random r, List<String> log) {
        int at = r.nextInt(text.length() + 1);
        log.add("truncate at byte " + at + " of " + text.length());
        return text.substring(0, at);
    }

    private static final List<String> UNICODE = List.of("\uFEFF", "\u200B", "\u200D", "\u202E", "\u2066", "\u0085", "\u2028",
            "\u2029", "\u00A0", "\u3000", "🚀", "👨‍👩‍👧", "日本", "e\u0301", "\uFFFD", "\uFFFE", "\uFFFF", "\u0000", "\u0007",
            "\u001B[2J", "\u007F", "\u0080", "\u009F", "\uD83D\uDE00", "Ⅻ", "ﬁ", "İ", "ß", "\r", "\t", "\u000B", "\u000C");

    private static String unicode(String text, Random r, List<String> log) {
        int at = r.nextInt(text.length() + 1);
        String u = any(UNICODE, r);
        log.add("insert U+" + Integer.toHexString(u.codePointAt(0)).toUpperCase() + (u.length() > 1 ? "..." : "") + " at byte " + at);
        return text.substring(0, at) + bytes(u) + text.substring(at);
    }

    /**
     * An emoji (a surrogate pair in Java) around a multiple of 1024 characters: the edge of snakeyaml's read window,
     * where snakeyaml-engine before 3.1.1 threw IndexOutOfBoundsException.
     */
    private static String unicodeAtWindowEdge(String text, Random r, List<String> log) {
        String chars = new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        int edge = 1024 * (1 + r.nextInt(Math.max(1, chars.length() / 1024)));
        int at = Math.min(chars.length(), Math.max(0, edge - 3 + r.nextInt(6)));
        if (at > 0 && Character.isHighSurrogate(chars.charAt(at - 1))) {
            at--;
        }
        log.add("insert an emoji at char " + at);
        return bytes(chars.substring(0, at) + "\uD83D\uDE80" + chars.substring(at));
    }

    /** Byte sequences that are not UTF-8: stray continuation bytes, overlong forms, surrogates, cut sequences. */
    private static final List<int[]> INVALID_UTF8 = List.of(new int[] {0x80}, new int[] {0xBF}, new int[] {0xC0, 0xAF},
            new int[] {0xE0, 0x80, 0xAF}, new int[] {0xED, 0xA0, 0x80}, new int[] {0xF5, 0x80, 0x80, 0x80},
            new int[] {0xFF}, new int[] {0xFE, 0xFF}, new int[] {0xE2, 0x82}, new int[] {0xF0, 0x9F, 0x9A});

    private static String invalidUtf8(String text, Random r, List<String> log) {
        int at = r.nextInt(text.length() + 1);
        int[] seq = any(INVALID_UTF8, r);
        StringBuilder s = new StringBuilder();
        for (int b : seq) {
            s.append((char) b);
        }
        log.add("insert invalid UTF-8 " + java.util.Arrays.toString(seq) + " at byte " + at);
        return text.substring(0, at) + s + text.substring(at);
    }

    private static String hugeValue(String text, Random r, List<String> log) {
        String value = HUGE.get(r.nextInt(HUGE.size())).get();
        if (r.nextInt(4) == 0) {
            log.add("append key with huge value '" + shortly(value) + "'");
            return text + "\n" + bytes("title: " + value) + "\n";
        }
        return replaceMatch(text, KEY_VALUE, r, log, "value (huge)", value);
    }

    private static String billionLaughs(String text, Random r, List<String> log) {
        int levels = 4 + r.nextInt(7);
        int fan = 4 + r.nextInt(6);
        StringBuilder lol = new StringBuilder("lol0: &l0 [" + "lol, ".repeat(fan - 1) + "lol]\n");
        for (int i = 1; i < levels; i++) {
            lol.append("lol").append(i).append(": &l").append(i).append(" [")
                    .append(("*l" + (i - 1) + ", ").repeat(fan - 1)).append("*l").append(i - 1).append("]\n");
        }
        log.add("billion laughs: " + levels + " levels of " + fan);
        String withLaughs = lol + text;
        // Sometimes also point a real value at the top of the pyramid.
        return r.nextBoolean() ? replaceMatch(withLaughs, KEY_VALUE, r, log, "value", "*l" + (levels - 1)) : withLaughs;
    }

    private static String aliases(String text, Random r, List<String> log) {
        Matcher m = KEY_VALUE.matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(2), m.end(2)});
        }
        if (spans.size() < 2) {
            return insertLine(text, r, log);
        }
        int[] a = any(spans, r);
        int[] b = any(spans, r);
        if (a[0] == b[0]) {
            return replaceMatch(text, KEY_VALUE, r, log, "value", "&self [*self]");
        }
        int[] first = a[0] < b[0] ? a : b;
        int[] second = a[0] < b[0] ? b : a;
        String kind = any(List.of("alias", "forward alias", "merge"), r);
        log.add(kind + " between '" + shortly(text.substring(first[0], first[1])) + "' and '"
                + shortly(text.substring(second[0], second[1])) + "'");
        return switch (kind) {
            case "alias" -> text.substring(0, first[0]) + "&x " + text.substring(first[0], second[0]) + "*x" + text.substring(second[1]);
            case "forward alias" -> text.substring(0, first[0]) + "*y" + text.substring(first[1], second[0]) + "&y "
                    + text.substring(second[0]);
            default -> text.substring(0, first[0]) + "&m {run: 'true', id: merged}" + text.substring(first[1], second[0])
                    + "{<<: *m}" + text.substring(second[1]);
        };
    }

    private static String documents(String text, Random r, List<String> log) {
        return switch (r.nextInt(4)) {
            case 0 -> {
                log.add("second document");
                yield text + "\n---\n" + text;
            }
            case 1 -> {
                log.add("%YAML 1.1 directive");
                yield "%YAML 1.1\n---\n" + text;
            }
            case 2 -> {
                log.add("document end marker in the middle");
                List<String> lines = lines(text);
                lines.add(r.nextInt(lines.size() + 1), "...");
                yield join(lines);
            }
            default -> {
                log.add("explicit document start");
                yield "--- " + any(List.of("", "!!map", "!!seq", "!!str", "&doc", "|"), r) + "\n" + text;
            }
        };
    }

    private static String lineEndings(String text, Random r, List<String> log) {
        return switch (r.nextInt(4)) {
            case 0 -> {
                log.add("CRLF line endings");
                yield text.replace("\n", "\r\n");
            }
            case 1 -> {
                log.add("CR line endings");
                yield text.replace("\n", "\r");
            }
            case 2 -> {
                log.add("NEL line endings");
                yield text.replace("\n", bytes("\u0085"));
            }
            default -> {
                log.add("trailing blanks");
                yield text.replace("\n", " \t\n");
            }
        };
    }

    private static String tiny(String text, Random r, List<String> log) {
        String t = any(TINY, r);
        log.add("whole file -> '" + shortly(t) + "'");
        return bytes(t);
    }

    /** A block map or list folded into flow style, with its braces sometimes unbalanced. */
    private static String blockToFlow(String text, Random r, List<String> log) {
        List<String> lines = lines(text);
        int i = r.nextInt(lines.size());
        String line = lines.get(i);
        int indent = line.length() - line.stripLeading().length();
        int end = i + 1;
        while (end < lines.size() && (lines.get(end).isBlank()
                || lines.get(end).length() - lines.get(end).stripLeading().length() > indent)) {
            end++;
        }
        String body = String.join(", ", lines.subList(i, end).stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        String open = r.nextBoolean() ? "{" : "[";
        String close = r.nextInt(4) == 0 ? "" : open.equals("{") ? "}" : "]";
        log.add("lines " + (i + 1) + "-" + end + " into flow " + open + close);
        List<String> out = new ArrayList<>(lines.subList(0, i));
        out.add(" ".repeat(indent) + open + body + close);
        out.addAll(lines.subList(end, lines.size()));
        return join(out);
    }

    /** A line with everything indented under it, written twice: duplicate keys and duplicate list items. */
    private static String duplicateBlock(String text, Random r, List<String> log) {
        List<String> lines = lines(text);
        int i = r.nextInt(lines.size());
        int indent = lines.get(i).length() - lines.get(i).stripLeading().length();
        int end = i + 1;
        while (end < lines.size() && (lines.get(end).isBlank()
                || lines.get(end).length() - lines.get(end).stripLeading().length() > indent)) {
            end++;
        }
        log.add("duplicate block of lines " + (i + 1) + "-" + end);
        List<String> block = new ArrayList<>(lines.subList(i, end));
        lines.addAll(end, block);
        return join(lines);
    }
}
