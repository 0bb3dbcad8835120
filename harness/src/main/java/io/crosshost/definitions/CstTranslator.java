package io.crosshost.definitions;

import io.crosshost.container.ContainerSpec;
import io.crosshost.scenario.Command;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.FileExpectation.Who;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Step;
import io.crosshost.scenario.TextExpectation;
import io.crosshost.scenario.TextPattern;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container-structure-test file (schemaVersion 1.0.0 or 2.0.0, YAML or JSON) as scenarios, with CST's own
 * semantics: every command runs without the image's entrypoint and without a shell; patterns are Go RE2 found anywhere
 * in the output; file, metadata and license tests read a container that is created and never started. Each test is
 * one scenario; the metadata test is one more. Keys CST would silently ignore are reported, as Crosshost's own are.
 */
final class CstTranslator {

    static final List<String> V2_KEYS = List.of("schemaVersion", "globalEnvVars", "commandTests", "fileExistenceTests",
            "fileContentTests", "metadataTest", "licenseTests", "containerRunOptions");
    static final List<String> V1_KEYS = List.of("schemaVersion", "globalEnvVars", "commandTests", "fileExistenceTests",
            "fileContentTests", "licenseTests");
    static final List<String> COMMAND_KEYS = List.of("name", "setup", "teardown", "envVars", "exitCode", "command", "args",
            "expectedOutput", "excludedOutput", "expectedError", "excludedError");
    static final List<String> EXISTENCE_KEYS = List.of("name", "path", "shouldExist", "permissions", "uid", "gid", "isExecutableBy");
    static final List<String> V1_EXISTENCE_KEYS = List.of("name", "path", "shouldExist", "permissions");
    static final List<String> CONTENT_KEYS = List.of("name", "path", "expectedContents", "excludedContents");
    static final List<String> RUN_OPTION_KEYS = List.of("user", "privileged", "allocateTty", "envVars", "envFile",
            "capabilities", "bindMounts");

    private final YamlFile file;
    private final ImportedSuite suite;
    private final boolean v1;
    private final Map<String, String> globalEnv = new LinkedHashMap<>();
    private final Set<String> secretEnv = new LinkedHashSet<>();
    private RunOptions runOptions = RunOptions.DEFAULT;
    private String runUser;

    private CstTranslator(YamlFile file, boolean v1) {
        this.file = file;
        this.suite = new ImportedSuite(file, "cst");
        this.v1 = v1;
    }

    /** Whether a top-level map is a CST file: only CST files have schemaVersion. */
    static boolean recognises(List<String> topKeys) {
        return topKeys.contains("schemaVersion");
    }

    static ScenarioParser.Parsed translate(YamlFile.Root root) {
        YamlFile file = root.file();
        org.snakeyaml.engine.v2.nodes.Node versionNode = ((org.snakeyaml.engine.v2.nodes.MappingNode) root.node()).getValue().stream()
                .filter(t -> "schemaVersion".equals(YamlFile.scalarValue(t.getKeyNode()))).findFirst().orElseThrow().getValueNode();
        String version = file.text(versionNode, "schemaVersion");
        if (version == null || !(version.equals("1.0.0") || version.equals("2.0.0"))) {
            if (version != null) {
                file.error(versionNode, "unknown container-structure-test schemaVersion " + Problem.quote(version)
                        + ": expected 1.0.0 or 2.0.0");
            }
            return new ScenarioParser.Parsed(List.of(), List.of(), List.of());
        }
        CstTranslator t = new CstTranslator(file, version.equals("1.0.0"));
        Fields top = Fields.of(file, root.node(), "a container-structure-test " + version + " file", t.v1 ? V1_KEYS : V2_KEYS);
        t.translate(top);
        return t.suite.parsed();
    }

    private void translate(Fields top) {
        CstValues values = new CstValues(file);
        if (top.has("globalEnvVars")) {
            globalEnv.putAll(values.envVars(top.value("globalEnvVars"), "globalEnvVars"));
        }
        if (top.has("containerRunOptions")) {
            runOptions(top.value("containerRunOptions"), values);
        }
        for (Node test : items(top, "commandTests")) {
            command(test, values);
        }
        for (Node test : items(top, "fileExistenceTests")) {
            existence(test, values);
        }
        for (Node test : items(top, "fileContentTests")) {
            content(test, values);
        }
        if (top.has("metadataTest")) {
            new CstMetadata(file, suite, values, runOptions()).translate(top.value("metadataTest"));
        }
        int n = 1;
        for (Node test : items(top, "licenseTests")) {
            new CstMetadata(file, suite, values, runOptions()).license(test, n++);
        }
    }

    private List<Node> items(Fields top, String key) {
        if (!top.has(key)) {
            return List.of();
        }
        List<Node> items = file.list(top.value(key), key);
        return items == null ? List.of() : items;
    }

    private void runOptions(Node node, CstValues values) {
        Fields o = Fields.of(file, node, "containerRunOptions", RUN_OPTION_KEYS);
        if (o == null) {
            return;
        }
        for (String key : List.of("allocateTty", "envFile", "bindMounts")) {
            if (o.has(key)) {
                file.error(o.value(key), "containerRunOptions." + key + " is not supported: " + switch (key) {
                    case "allocateTty" -> "a cell's output is captured as two streams, which a terminal would merge";
                    case "envFile" -> "write the variables in globalEnvVars, or name them in containerRunOptions.envVars";
                    default -> "a cell runs on many hosts, and a host path exists on one; copy the files into the image";
                });
            }
        }
        runUser = o.text("user");
        for (String name : o.has("envVars") ? nonNull(o.strings("envVars")) : List.<String>of()) {
            // CST passes these from the environment it runs in; they are often tokens, so they are masked in reports.
            String value = System.getenv(name);
            globalEnv.put(name, value == null ? "" : value);
            secretEnv.add(name);
        }
        Boolean privileged = o.bool("privileged");
        List<String> caps = o.has("capabilities") ? nonNull(o.strings("capabilities")) : List.of();
        runOptions = new RunOptions(null, null, Map.of(), Set.of(), null, null, caps, List.of(), List.of(), false,
                Boolean.TRUE.equals(privileged), null, null, ContainerSpec.NO_ENTRYPOINT);
    }

    /** Every CST container: the file's run options and environment, the image's entrypoint replaced. */
    RunOptions runOptions() {
        return withEnv(runOptions, globalEnv, null);
    }

    private RunOptions withEnv(RunOptions o, Map<String, String> env, String user) {
        return new RunOptions(user, null, env, secretEnv, null, null, o.capAdd(), o.capDrop(), o.securityOpt(), false,
                o.privileged(), null, null, ContainerSpec.NO_ENTRYPOINT);
    }

    private void command(Node node, CstValues values) {
        Fields t = Fields.of(file, node, "a commandTest", COMMAND_KEYS);
        if (t == null) {
            return;
        }
        String name = values.name(t);
        List<String> argv = values.commandArgv(t, v1);
        Map<String, String> env = new LinkedHashMap<>(globalEnv);
        if (t.has("envVars")) {
            env.putAll(values.envVars(t.value("envVars"), "envVars"));
        }
        List<Step> steps = new ArrayList<>();
        if (t.has("setup")) {
            int n = 1;
            for (List<String> setup : values.commandList(t.value("setup"), "setup")) {
                // CST commits each setup container whatever its exit code: so no exit code is checked here either.
                steps.add(new Step("setup " + n++ + ": " + String.join(" ", setup), Command.argv(setup),
                        new Expectations(Set.of(), TextExpectation.NONE, TextExpectation.NONE, List.of()), file.at(t.value("setup"))));
            }
        }
        // teardown: CST's Docker driver skips it, as every test gets a container of its own; so does Crosshost.
        Long exit = t.integer("exitCode", 0);
        TextExpectation stdout = values.streams(t, "expectedOutput", "excludedOutput");
        TextExpectation stderr = values.streams(t, "expectedError", "excludedError");
        if (name == null || argv == null || stdout == null || stderr == null || (t.has("exitCode") && exit == null)) {
            return;
        }
        Expectations expect = new Expectations(Set.of(exit == null ? 0 : exit.intValue()), stdout, stderr, List.of());
        steps.add(new Step(name, Command.argv(argv), expect, t.location()));
        suite.add(suite.idFor(name), "Command Test: " + name, node, steps, withEnv(runOptions, env, runUser));
    }

    private void existence(Node node, CstValues values) {
        Fields t = Fields.of(file, node, "a fileExistenceTest", v1 ? V1_EXISTENCE_KEYS : EXISTENCE_KEYS);
        if (t == null) {
            return;
        }
        String name = values.name(t);
        String path = values.path(t);
        Boolean exists = t.has("shouldExist") ? t.bool("shouldExist") : Boolean.TRUE;
        CstValues.Permissions permissions = t.has("permissions") ? values.permissions(t.value("permissions")) : null;
        Long uid = t.integer("uid", 0);
        Long gid = t.integer("gid", 0);
        Who who = t.has("isExecutableBy") ? values.executableBy(t.value("isExecutableBy")) : null;
        boolean ok = name != null && path != null && exists != null && (permissions != null || !t.has("permissions"))
                && (uid != null || !t.has("uid")) && (gid != null || !t.has("gid")) && (who != null || !t.has("isExecutableBy"));
        if (!ok) {
            return;
        }
        // CST checks nothing but absence when shouldExist is false.
        FileExpectation f = !exists ? new FileExpectation(path, false, List.of())
                : new FileExpectation(path, true, List.of(), List.of(), List.of(), permissions == null ? null : permissions.mode(),
                uid == null ? null : uid.toString(), gid == null ? null : gid.toString(),
                permissions == null ? null : permissions.type(), null, who == null ? Set.of() : Set.of(who), null, null);
        unstarted(name, "File Existence Test: " + name, node, t, f);
    }

    private void content(Node node, CstValues values) {
        Fields t = Fields.of(file, node, "a fileContentTest", CONTENT_KEYS);
        if (t == null) {
            return;
        }
        String name = values.name(t);
        String path = values.path(t);
        List<TextPattern> expected = values.patterns(t, "expectedContents");
        List<TextPattern> excluded = values.patterns(t, "excludedContents");
        if (name == null || path == null || expected == null || excluded == null) {
            return;
        }
        FileExpectation f = new FileExpectation(path, true, List.of(), expected, excluded, null, null, null, null, null,
                Set.of(), null, null);
        unstarted(name, "File Content Test: " + name, node, t, f);
    }

    private void unstarted(String name, String title, Node node, Fields t, FileExpectation f) {
        Expectations expect = new Expectations(Set.of(), TextExpectation.NONE, TextExpectation.NONE, List.of(f));
        suite.add(suite.idFor(name), title, node, List.of(new Step(name, Command.none(), expect, t.location())), runOptions());
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
