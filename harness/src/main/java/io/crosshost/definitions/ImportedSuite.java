package io.crosshost.definitions;

import io.crosshost.scenario.Isolation;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Scenario;
import io.crosshost.scenario.SourceLocation;
import io.crosshost.scenario.Step;
import io.crosshost.scenario.TextPattern;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the translators of other tools' files (container-structure-test, goss) share: one scenario per test or
 * resource, with an id derived from the file and the test's name that stays the same from run to run, tagged with
 * the tool and the file so reports group them under it, and Go's regular expressions through RE2/J.
 */
final class ImportedSuite {

    private final YamlFile file;
    private final String tool;
    private final String fileSlug;
    private final Set<String> used = new HashSet<>();
    private final List<ScenarioParser.Built> scenarios = new ArrayList<>();
    private final List<ScenarioParser.DefinedId> ids = new ArrayList<>();

    ImportedSuite(YamlFile file, String tool) {
        this.file = file;
        this.tool = tool;
        String name = file.path.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        this.fileSlug = slug(name);
    }

    YamlFile file() {
        return file;
    }

    /** {@code Debian 12: apt works!} -> {@code debian-12-apt-works}: the characters scenario ids may hold. */
    static String slug(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+|-+$", "");
        return s.isEmpty() ? "x" : s.length() > 60 ? s.substring(0, 60).replaceAll("-+$", "") : s;
    }

    /**
     * {@code tool.file.test}; a second test of the same name in the file gets {@code -2}, so the ids of a file are
     * stable as long as its tests keep their names and order.
     */
    String idFor(String testName) {
        String base = tool + "." + fileSlug + "." + slug(testName);
        String id = base;
        for (int n = 2; !used.add(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /** A Go RE2 expression as the tool compiles it, or null (reported at the node) when RE2 refuses it. */
    TextPattern.GoRegex goRegex(Node at, String regex, String where) {
        com.google.re2j.Pattern p = compile(at, regex, 0, where);
        return p == null ? null : new TextPattern.GoRegex(p);
    }

    com.google.re2j.Pattern compile(Node at, String regex, int flags, String where) {
        if (regex.length() > ScenarioParser.MAX_REGEX) {
            file.error(at, "the regular expression in " + where + " is " + regex.length() + " characters long; at most "
                    + ScenarioParser.MAX_REGEX + ": match a distinctive part");
            return null;
        }
        try {
            return com.google.re2j.Pattern.compile(regex, flags);
        } catch (com.google.re2j.PatternSyntaxException e) {
            file.error(at, "invalid Go regular expression " + Problem.quote(regex) + " in " + where + ": " + e.getDescription()
                    + " (RE2 syntax, as " + tool + " reads it: no backreferences or lookaround)");
            return null;
        }
    }

    /** Adds one test's scenario. */
    void add(String id, String title, Node at, List<Step> steps, RunOptions options) {
        SourceLocation location = file.at(at);
        ids.add(new ScenarioParser.DefinedId(id, location));
        Set<String> tags = new LinkedHashSet<>(List.of(tool, fileSlug));
        String description = "From the " + toolName() + " file " + file.path.getFileName() + ", line " + location.line() + ".";
        scenarios.add(new ScenarioParser.Built(new Scenario(id, title, description, tags, List.of(), steps, options, 0,
                Isolation.FRESH, List.of(), location), location));
    }

    private String toolName() {
        return tool.equals("cst") ? "container-structure-test" : tool;
    }

    /** A suite for a file another includes (goss's gossfile): its ids come from its own name. */
    ImportedSuite forFile(YamlFile other) {
        ImportedSuite inner = new ImportedSuite(other, tool);
        inner.used.addAll(used);
        return inner;
    }

    /** Takes the scenarios of an included file's suite as this file's own. */
    void absorb(ImportedSuite inner) {
        scenarios.addAll(inner.scenarios);
        ids.addAll(inner.ids);
        used.addAll(inner.used);
    }

    ScenarioParser.Parsed parsed() {
        return new ScenarioParser.Parsed(scenarios, ids, List.of());
    }
}
