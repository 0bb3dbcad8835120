package io.crosshost.definitions;

import io.crosshost.scenario.Command;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.Step;
import io.crosshost.scenario.TextExpectation;
import io.crosshost.scenario.TextPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * goss user and group resources. goss is a static Go program whose os/user reads /etc/passwd and /etc/group, so the
 * checks are patterns over those two files of the container; a user's groups (primary and supplementary, as goss
 * lists them) are what {@code id -Gn} prints, which Debian's coreutils and busybox both have.
 */
final class GossAccounts {

    private final YamlFile file;
    private final GossValues values;

    GossAccounts(YamlFile file, ImportedSuite suite, GossValues values) {
        this.file = file;
        this.values = values;
    }

    Step user(Fields f, String id) {
        String name = f.has("username") ? values.string(f, "username") : id;
        Boolean exists = f.require("exists") ? values.bool(f, "exists") : null;
        if (name == null || exists == null) {
            return null;
        }
        String entry = "(?m)^" + q(name) + ":";
        if (!exists) {
            return absent("/etc/passwd", entry, "user " + name, f);
        }
        List<TextPattern> passwd = new ArrayList<>(List.of(re(entry)));
        String field = "[^:\\n]*:";
        if (f.has("uid") && !add(passwd, values.number(f, "uid"), v -> entry + field + q(v) + ":")) {
            return null;
        }
        if (f.has("gid") && !add(passwd, values.number(f, "gid"), v -> entry + field + field + q(v) + ":")) {
            return null;
        }
        if (f.has("home") && !add(passwd, values.string(f, "home"), v -> entry + "(?:" + field + "){4}" + q(v) + ":")) {
            return null;
        }
        if (f.has("shell") && !add(passwd, values.string(f, "shell"), v -> entry + "(?:" + field + "){5}" + q(v) + "$")) {
            return null;
        }
        List<String> groups = f.has("groups") ? values.list(f, "groups") : List.of();
        if (groups == null) {
            return null;
        }
        List<FileExpectation> files = List.of(patterns("/etc/passwd", passwd, List.of()));
        if (groups.isEmpty()) {
            return new Step("user " + name, Command.none(), expect(TextExpectation.NONE, files), f.location());
        }
        List<TextPattern> each = groups.stream().map(g -> re("(?:^|\\s)" + q(g) + "(?:\\s|$)")).toList();
        TextExpectation stdout = new TextExpectation(List.of(), List.of(), each, null, List.of());
        return new Step("user " + name, Command.argv(List.of("id", "-Gn", name)), expect(stdout, files), f.location());
    }

    Step group(Fields f, String id) {
        String name = f.has("groupname") ? values.string(f, "groupname") : id;
        Boolean exists = f.require("exists") ? values.bool(f, "exists") : null;
        if (name == null || exists == null) {
            return null;
        }
        String entry = "(?m)^" + q(name) + ":";
        if (!exists) {
            return absent("/etc/group", entry, "group " + name, f);
        }
        List<TextPattern> group = new ArrayList<>(List.of(re(entry)));
        if (f.has("gid") && !add(group, values.number(f, "gid"), v -> entry + "[^:\\n]*:" + q(v) + ":")) {
            return null;
        }
        return new Step("group " + name, Command.none(), expect(TextExpectation.NONE, List.of(patterns("/etc/group", group, List.of()))),
                f.location());
    }

    private Step absent(String path, String entry, String name, Fields f) {
        return new Step(name, Command.none(), expect(TextExpectation.NONE, List.of(patterns(path, List.of(), List.of(re(entry))))),
                f.location());
    }

    private static boolean add(List<TextPattern> patterns, String value, java.util.function.UnaryOperator<String> regex) {
        if (value == null) {
            return false;
        }
        patterns.add(re(regex.apply(value)));
        return true;
    }

    private static Expectations expect(TextExpectation stdout, List<FileExpectation> files) {
        return new Expectations(Set.of(), stdout, TextExpectation.NONE, files);
    }

    private static FileExpectation patterns(String path, List<TextPattern> matches, List<TextPattern> notMatches) {
        return new FileExpectation(path, true, List.of(), matches, notMatches, null, null, null, null, null, Set.of(), null, null);
    }

    private static TextPattern re(String regex) {
        return new TextPattern.GoRegex(com.google.re2j.Pattern.compile(regex));
    }

    private static String q(String literal) {
        return com.google.re2j.Pattern.quote(literal);
    }
}
