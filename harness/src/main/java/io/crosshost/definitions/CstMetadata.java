package io.crosshost.definitions;

import io.crosshost.scenario.Command;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.ImageExpectation;
import io.crosshost.scenario.ImageExpectation.ValueExpectation;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Step;
import io.crosshost.scenario.TextExpectation;
import io.crosshost.scenario.TextPattern;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** container-structure-test's metadataTest and licenseTests as scenarios. */
final class CstMetadata {

    static final List<String> METADATA_KEYS = List.of("envVars", "unboundEnvVars", "exposedPorts", "unexposedPorts",
            "entrypoint", "cmd", "workdir", "volumes", "unmountedVolumes", "labels", "user");
    static final List<String> LICENSE_KEYS = List.of("debian", "files");
    /** CST's own lists (licenses.go): these words in a copyright file fail the test; this package is not read. */
    static final List<String> BANNED_LICENSES = List.of("AGPL", "WTFPL");
    static final String EXEMPT_PACKAGE = "libgnutls30";

    private final YamlFile file;
    private final ImportedSuite suite;
    private final CstValues values;
    private final RunOptions options;

    CstMetadata(YamlFile file, ImportedSuite suite, CstValues values, RunOptions options) {
        this.file = file;
        this.suite = suite;
        this.values = values;
        this.options = options;
    }

    void translate(Node node) {
        Fields m = Fields.of(file, node, "metadataTest", METADATA_KEYS);
        if (m == null) {
            return;
        }
        Map<String, ValueExpectation> env = m.has("envVars") ? values.matchPairs(m.value("envVars"), "envVars") : Map.of();
        Map<String, ValueExpectation> labels = m.has("labels") ? values.matchPairs(m.value("labels"), "labels") : Map.of();
        Set<String> unbound = new LinkedHashSet<>();
        if (m.has("unboundEnvVars")) {
            unbound.addAll(values.matchPairs(m.value("unboundEnvVars"), "unboundEnvVars").keySet());
        }
        // CST checks workdir and user only when they are not empty; entrypoint and cmd whenever given, [] included.
        String workdir = emptyToNull(m.string("workdir"));
        String user = emptyToNull(m.text("user"));
        ImageExpectation image = new ImageExpectation(env, unbound, labels, m.strings("entrypoint"), m.strings("cmd"), workdir, user,
                strings(m, "exposedPorts"), strings(m, "unexposedPorts"), strings(m, "volumes"), strings(m, "unmountedVolumes"));
        if (image.isEmpty()) {
            return; // CST skips an empty metadata test
        }
        Expectations expect = new Expectations(Set.of(), TextExpectation.NONE, TextExpectation.NONE, List.of(), image, List.of());
        suite.add(suite.idFor("metadata"), "Metadata Test", node,
                List.of(new Step("metadata", Command.none(), expect, m.location())), options);
    }

    /**
     * A license test: each named file must not mention a banned license; with {@code debian: true}, every package
     * folder of /usr/share/doc must have a copyright file that does not either. The folder walk needs the image's sh,
     * find-free: a loop over the glob, as CST lists the folder.
     */
    void license(Node node, int number) {
        Fields l = Fields.of(file, node, "a licenseTest", LICENSE_KEYS);
        if (l == null) {
            return;
        }
        Boolean debian = l.has("debian") ? l.bool("debian") : Boolean.FALSE;
        List<String> files = l.has("files") ? l.strings("files") : List.of();
        if (debian == null || files == null) {
            return;
        }
        TextPattern banned = suite.goRegex(node, "(?i)" + String.join("|", BANNED_LICENSES), "licenseTests");
        List<FileExpectation> checked = new ArrayList<>();
        for (String path : files) {
            checked.add(new FileExpectation(path, true, List.of(), List.of(), List.of(banned), null, null, null, null, null,
                    Set.of(), null, null));
        }
        Command command = debian ? Command.shell(debianScript()) : Command.none();
        Set<Integer> exit = debian ? Set.of(0) : Set.of();
        Expectations expect = new Expectations(exit, TextExpectation.NONE, TextExpectation.NONE, checked);
        suite.add(suite.idFor("license " + number), "License Test", node,
                List.of(new Step("license " + number, command, expect, l.location())), options);
    }

    private static String debianScript() {
        return "[ -d /usr/share/doc ] || { echo 'Error reading directory: /usr/share/doc'; exit 1; }; rc=0; "
                + "for d in /usr/share/doc/*/; do p=${d%/}; p=${p##*/}; [ \"$p\" = " + EXEMPT_PACKAGE + " ] && continue; "
                + "f=/usr/share/doc/$p/copyright; if [ ! -e \"$f\" ]; then echo \"Error reading license file for $p\"; rc=1; "
                + "elif grep -qi -e " + String.join(" -e ", BANNED_LICENSES) + " \"$f\"; then "
                + "echo \"Invalid license for $f\"; rc=1; fi; done; exit $rc";
    }

    private static List<String> strings(Fields m, String key) {
        List<String> list = m.strings(key);
        return list == null ? List.of() : list;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
