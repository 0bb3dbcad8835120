package io.crosshost.definitions;

import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.FileExpectation.Who;
import io.crosshost.scenario.FileType;
import io.crosshost.scenario.ImageExpectation;
import io.crosshost.scenario.ImageExpectation.ValueExpectation;
import io.crosshost.scenario.PackageExpectation;
import io.crosshost.scenario.TextPattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks of Crosshost's own {@code expect} beyond exit code and streams: {@code files} with their attributes,
 * {@code image} (the image's configuration) and {@code packages}. Problems are recorded at their nodes; a check that
 * has one is left out and null returned, so the scenario is not built. Longer than most classes here: three small
 * readers (files, image, packages) that share the regular-expression reader and the located-problem style; split
 * them if a fourth kind of check comes.
 */
final class CheckParser {

    static final List<String> FILE_KEYS = List.of("path", "exists", "contains", "matches", "not_matches", "mode", "owner",
            "group", "type", "target", "executable_by", "size", "sha256");
    static final List<String> IMAGE_KEYS = List.of("env", "not_env", "labels", "entrypoint", "cmd", "workdir", "user",
            "exposed_ports", "not_exposed_ports", "volumes", "not_volumes");
    static final List<String> PACKAGE_KEYS = List.of("name", "installed", "version");
    static final List<String> VALUE_KEYS = List.of("matches");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3,4}");

    private final YamlFile file;

    CheckParser(YamlFile file) {
        this.file = file;
    }

    /** Java regular expressions under {@code key} (one or a list), found anywhere; null (reported) when one is wrong. */
    List<TextPattern> javaPatterns(Fields t, String key, String where) {
        if (!t.has(key)) {
            return List.of();
        }
        List<String> regexes = t.stringOrStrings(key);
        if (regexes == null) {
            return null;
        }
        List<TextPattern> patterns = new ArrayList<>();
        boolean ok = true;
        for (String regex : regexes) {
            if (regex.length() > ScenarioParser.MAX_REGEX) {
                // Pattern.compile's Boyer-Moore tables take quadratic time in a long literal: minutes for 200k chars.
                file.error(t.value(key), "the regular expression in " + where + "." + key + " is " + regex.length()
                        + " characters long; at most " + ScenarioParser.MAX_REGEX + ": match a distinctive part of the output");
                ok = false;
                continue;
            }
            try {
                // MULTILINE: in command output, ^ and $ are wanted at each line, not only at the stream's ends.
                patterns.add(new TextPattern.JavaRegex(Pattern.compile(regex, Pattern.MULTILINE)));
            } catch (PatternSyntaxException ex) {
                file.error(t.value(key), "invalid regular expression " + Problem.quote(regex) + " in " + where + "." + key
                        + ": " + ex.getDescription() + " near index " + ex.getIndex());
                ok = false;
            }
        }
        return ok ? patterns : null;
    }

    List<FileExpectation> files(Node v) {
        List<Node> items = file.list(v, "files");
        if (items == null) {
            return null;
        }
        List<FileExpectation> files = new ArrayList<>();
        boolean ok = true;
        for (Node item : items) {
            FileExpectation f = fileExpectation(item);
            if (f == null) {
                ok = false;
            } else {
                files.add(f);
            }
        }
        return ok ? files : null;
    }

    private FileExpectation fileExpectation(Node item) {
        Fields fe = Fields.of(file, item, "a file expectation", FILE_KEYS);
        if (fe == null) {
            return null;
        }
        String path = fe.requiredString("path");
        Boolean exists = fe.has("exists") ? fe.bool("exists") : Boolean.TRUE;
        List<String> contains = fe.has("contains") ? fe.stringOrStrings("contains") : List.of();
        List<TextPattern> matches = javaPatterns(fe, "matches", "files");
        List<TextPattern> notMatches = javaPatterns(fe, "not_matches", "files");
        boolean ok = path != null && exists != null && contains != null && matches != null && notMatches != null;
        if (path != null && !path.startsWith("/")) {
            file.error(fe.value("path"), "file path " + Problem.quote(path) + " must be absolute (start with /)");
            ok = false;
        }
        if (Boolean.FALSE.equals(exists)) {
            List<String> more = FILE_KEYS.stream().filter(k -> !k.equals("path") && !k.equals("exists") && fe.has(k)).toList();
            if (!more.isEmpty()) {
                String key = more.get(0);
                file.error(fe.value(key), (key.equals("contains") ? "a file expected not to exist cannot contain anything"
                        : "a file expected not to exist has no " + key) + "; drop '" + key + "' or 'exists: false'");
                ok = false;
            }
        }
        Integer mode = mode(fe);
        FileType type = type(fe);
        Set<Who> executableBy = executableBy(fe);
        Long size = fe.integer("size", 0);
        String sha256 = fe.string("sha256");
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            file.error(fe.value("sha256"), "expected 64 lower-case hex digits for 'sha256' (sha256sum's output), got " + Problem.quote(sha256));
            ok = false;
        }
        String owner = fe.text("owner");
        String group = fe.text("group");
        String target = fe.string("target");
        if (target != null && type != null && type != FileType.SYMLINK) {
            file.error(fe.value("target"), "only a symlink has a 'target'; write type: symlink or drop 'target'");
            ok = false;
        }
        ok &= (mode != null || !fe.has("mode")) && (type != null || !fe.has("type")) && executableBy != null
                && (size != null || !fe.has("size")) && (owner != null || !fe.has("owner")) && (group != null || !fe.has("group"))
                && (target != null || !fe.has("target")) && (sha256 != null || !fe.has("sha256"));
        return ok ? new FileExpectation(path, exists, contains, matches, notMatches, mode, owner, group,
                type == null && target != null ? FileType.SYMLINK : type, target, executableBy, size, sha256) : null;
    }

    /** {@code "0644"}, {@code "4755"}: octal digits as written (a bare 0644 is YAML's decimal 644, so digits are read as octal). */
    private Integer mode(Fields fe) {
        Node v = fe.value("mode");
        if (v == null) {
            return null;
        }
        String text = v instanceof ScalarNode s && (Tag.STR.equals(v.getTag()) || Tag.INT.equals(v.getTag())) ? s.getValue() : null;
        if (text == null || !MODE.matcher(text).matches()) {
            file.error(v, "expected a mode in octal digits for 'mode', such as \"0644\" or \"4755\", got "
                    + (text == null ? YamlFile.describe(v) : Problem.quote(text)));
            return null;
        }
        return Integer.parseInt(text, 8);
    }

    private FileType type(Fields fe) {
        List<String> names = Arrays.stream(FileType.values()).map(FileType::written).toList();
        String t = fe.choice("type", names);
        return t == null ? null : FileType.ofWritten(t);
    }

    private Set<Who> executableBy(Fields fe) {
        if (!fe.has("executable_by")) {
            return Set.of();
        }
        List<String> names = fe.stringOrStrings("executable_by");
        if (names == null) {
            return null;
        }
        Set<Who> who = new LinkedHashSet<>();
        for (String name : names) {
            try {
                who.add(Who.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                file.error(fe.value("executable_by"), "invalid value " + Problem.quote(name) + " for 'executable_by': expected owner,"
                        + " group, other or any" + Suggestions.didYouMean(name, List.of("owner", "group", "other", "any")));
                return null;
            }
        }
        return who;
    }

    ImageExpectation image(Node v) {
        Fields im = Fields.of(file, v, "expect.image", IMAGE_KEYS);
        if (im == null) {
            return null;
        }
        Map<String, ValueExpectation> env = values(im, "env");
        Map<String, ValueExpectation> labels = values(im, "labels");
        List<String> notEnv = orEmpty(im.strings("not_env"));
        List<String> entrypoint = im.strings("entrypoint");
        List<String> cmd = im.strings("cmd");
        String workdir = im.string("workdir");
        String user = im.text("user");
        List<String> exposed = orEmpty(im.strings("exposed_ports"));
        List<String> notExposed = orEmpty(im.strings("not_exposed_ports"));
        List<String> volumes = orEmpty(im.strings("volumes"));
        List<String> notVolumes = orEmpty(im.strings("not_volumes"));
        if (env == null || labels == null || (im.has("entrypoint") && entrypoint == null) || (im.has("cmd") && cmd == null)
                || (im.has("workdir") && workdir == null) || (im.has("user") && user == null)) {
            return null;
        }
        ImageExpectation image = new ImageExpectation(env, new LinkedHashSet<>(notEnv), labels, entrypoint, cmd, workdir, user,
                exposed, notExposed, volumes, notVolumes);
        if (image.isEmpty()) {
            file.error(v, "'image' names nothing to check: give env, labels, entrypoint, cmd, workdir, user, exposed_ports or volumes");
            return null;
        }
        return image;
    }

    /** {@code NAME: value} (equal) or {@code NAME: {matches: java-regex}}. */
    private Map<String, ValueExpectation> values(Fields im, String key) {
        Node v = im.value(key);
        Map<String, ValueExpectation> values = new LinkedHashMap<>();
        if (v == null) {
            return values;
        }
        if (!(v instanceof MappingNode mapping)) {
            file.error(v, "expected a map of names to values for '" + key + "', got " + YamlFile.describe(v));
            return null;
        }
        boolean ok = true;
        for (NodeTuple t : mapping.getValue()) {
            String name = YamlFile.scalarValue(t.getKeyNode());
            if (name == null || values.containsKey(name)) {
                file.error(t.getKeyNode(), name == null ? "keys are names in '" + key + "'" : "duplicate key " + Problem.quote(name) + " in '" + key + "'");
                ok = false;
                continue;
            }
            if (t.getValueNode() instanceof MappingNode) {
                Fields m = Fields.of(file, t.getValueNode(), key + "." + name, VALUE_KEYS);
                List<TextPattern> p = m.require("matches") ? javaPatterns(m, "matches", "image." + key + "." + name) : null;
                if (p == null || p.size() != 1) {
                    if (p != null) {
                        file.error(m.value("matches"), "give one regular expression for '" + key + "." + name + ".matches'");
                    }
                    ok = false;
                    continue;
                }
                values.put(name, new ValueExpectation(null, p.get(0)));
            } else {
                String text = file.text(t.getValueNode(), key + "." + name);
                if (text == null) {
                    ok = false;
                } else {
                    values.put(name, ValueExpectation.equalTo(text));
                }
            }
        }
        return ok ? values : null;
    }

    List<PackageExpectation> packages(Node v) {
        List<Node> items = file.list(v, "packages");
        if (items == null) {
            return null;
        }
        List<PackageExpectation> packages = new ArrayList<>();
        boolean ok = true;
        for (Node item : items) {
            Fields p = Fields.of(file, item, "a package expectation", PACKAGE_KEYS);
            if (p == null) {
                ok = false;
                continue;
            }
            String name = p.requiredString("name");
            Boolean installed = p.has("installed") ? p.bool("installed") : Boolean.TRUE;
            List<String> versions = p.has("version") ? versions(p.value("version")) : List.of();
            if (Boolean.FALSE.equals(installed) && versions != null && !versions.isEmpty()) {
                file.error(p.value("version"), "a package expected not to be installed has no version; drop 'version' or 'installed: false'");
                ok = false;
            }
            if (name == null || installed == null || versions == null) {
                ok = false;
            } else {
                packages.add(new PackageExpectation(name, installed, versions));
            }
        }
        return ok ? packages : null;
    }

    /** A version (numbers as written: 1.2 stays "1.2") or a list of them. */
    private List<String> versions(Node v) {
        List<Node> nodes = v instanceof SequenceNode seq ? seq.getValue() : List.of(v);
        List<String> versions = new ArrayList<>();
        for (Node n : nodes) {
            String text = file.text(n, "version");
            if (text == null) {
                return null;
            }
            versions.add(text);
        }
        if (versions.isEmpty()) {
            file.error(v, "'version' is an empty list: give the version, or leave the key out for any version");
            return null;
        }
        return versions;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
