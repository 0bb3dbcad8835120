package io.crosshost.definitions;

import io.crosshost.scenario.Command;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.ImageExpectation;
import io.crosshost.scenario.PackageExpectation;
import io.crosshost.scenario.TextPattern;
import io.crosshost.scenario.Isolation;
import io.crosshost.scenario.KnownFailure;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Scenario;
import io.crosshost.scenario.SourceLocation;
import io.crosshost.scenario.Step;
import io.crosshost.scenario.TextExpectation;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Scenario files into {@link Scenario} records: one scenario per file, or a list under {@code scenarios:}. */
final class ScenarioParser {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    static final List<String> SCENARIO_KEYS = List.of("id", "title", "description", "tags", "bugs", "run", "argv",
            "steps", "expect", "user", "workdir", "env", "timeout", "network", "cap_add", "cap_drop", "security_opt",
            "read_only", "privileged", "memory", "pids_limit", "retries", "isolation", "known_failures");
    static final List<String> STEP_KEYS = List.of("name", "run", "argv", "expect");
    static final List<String> EXPECT_KEYS = List.of("exit_code", "stdout", "stderr", "files", "image", "packages");
    static final List<String> TEXT_KEYS = List.of("contains", "not_contains", "matches", "not_matches", "equals");
    static final List<String> KNOWN_FAILURE_KEYS = List.of("hosts", "images", "reason", "bug", "kind", "engine_says");
    static final List<String> KINDS = List.of("fails", "image-unusable");
    static final List<String> SECRET_KEYS = List.of("value", "secret");
    /** Top-level keys only a matrix has: a file with any of them and no id is a matrix, whatever its name. */
    static final List<String> MATRIX_ONLY_KEYS = List.of("hosts", "images", "exclude", "defaults");

    /** The capabilities of capabilities(7), as the engines name them (without CAP_), and ALL. */
    static final Set<String> CAPABILITIES = Set.of("ALL", "AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND",
            "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK",
            "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN",
            "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP", "SETUID",
            "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYSLOG", "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE",
            "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "WAKE_ALARM");

    /** Longer than any useful expectation, short enough to compile at once. */
    static final int MAX_REGEX = 1000;

    /** Docker refuses less than 6 MiB, so a smaller limit is a typo that would only fail at run time. */
    static final long MIN_MEMORY = 6L << 20;

    /** What one file gave: its scenarios, every id it defines (even of broken scenarios), and the names it refers to. */
    record Parsed(List<Built> scenarios, List<DefinedId> ids, List<NameRef> refs) {
    }

    /** A scenario and where its id is written, which is what a duplicate is reported against. */
    record Built(Scenario scenario, SourceLocation idLocation) {
    }

    /** A scenario id and where it is written. */
    record DefinedId(String id, SourceLocation location) {
    }

    private final YamlFile file;
    private final List<Built> scenarios = new ArrayList<>();
    private final List<DefinedId> ids = new ArrayList<>();
    private final List<NameRef> refs = new ArrayList<>();

    private ScenarioParser(YamlFile file) {
        this.file = file;
    }

    static Parsed parse(YamlFile.Root root) {
        ScenarioParser parser = new ScenarioParser(root.file());
        parser.parseFile(root.node());
        return new Parsed(parser.scenarios, parser.ids, parser.refs);
    }

    private void parseFile(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            file.error(node, "expected a scenario (a map with id, title and run) or a map with a 'scenarios' list, got "
                    + YamlFile.describe(node));
            return;
        }
        // Keys that are not scalars (a '? [complex]' key) are reported by Fields; here they only must not count.
        List<String> keys = mapping.getValue().stream().map(t -> YamlFile.scalarValue(t.getKeyNode()))
                .filter(java.util.Objects::nonNull).toList();
        if (keys.contains("scenarios")) {
            Fields top = Fields.of(file, node, "the scenario list file", List.of("scenarios"));
            List<Node> items = top == null ? null : file.list(top.value("scenarios"), "scenarios");
            if (items != null && items.isEmpty()) {
                file.error(top.value("scenarios"), "the 'scenarios' list is empty");
            }
            if (items != null) {
                items.forEach(this::parseScenario);
            }
            return;
        }
        if (keys.stream().anyMatch(MATRIX_ONLY_KEYS::contains) && !keys.contains("id")) {
            file.error(node, "this looks like a matrix file: keep matrices in a 'matrices' directory and pass them as the matrix");
            return;
        }
        parseScenario(node);
    }

    private void parseScenario(Node node) {
        Fields f = Fields.of(file, node, "scenario", SCENARIO_KEYS);
        if (f == null) {
            return;
        }
        String id = f.requiredString("id");
        SourceLocation idLocation = f.has("id") ? file.at(f.value("id")) : f.location();
        if (id != null) {
            if (ID.matcher(id).matches()) {
                ids.add(new DefinedId(id, idLocation));
            } else {
                file.error(f.value("id"), "invalid scenario id " + Problem.quote(id) + ": use lower-case letters, digits, '.', '_' and '-',"
                        + " starting with a letter or digit, such as useradd-passwd");
                id = null;
            }
        }
        String title = f.requiredString("title");
        String description = f.has("description") ? f.string("description") : "";
        Set<String> tags = tags(f);
        List<String> bugs = urls(f, "bugs");
        List<Step> steps = steps(f);
        RunOptions options = options(f);
        Long retries = f.integer("retries", 0);
        String isolation = f.choice("isolation", List.of("fresh", "shared"));
        List<KnownFailure> knownFailures = knownFailures(f, id);
        if (id != null && title != null && !steps.isEmpty()) {
            scenarios.add(new Built(new Scenario(id, title, description == null ? "" : description, tags, bugs, steps, options,
                    retries == null ? 0 : retries.intValue(),
                    isolation == null ? Isolation.FRESH : Isolation.valueOf(isolation.toUpperCase(Locale.ROOT)),
                    knownFailures, f.location()), idLocation));
        }
    }

    private Set<String> tags(Fields f) {
        List<String> tags = f.strings("tags");
        Set<String> valid = new LinkedHashSet<>();
        if (tags == null) {
            return valid;
        }
        List<Node> nodes = file.list(f.value("tags"), "tags");
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (ID.matcher(tag).matches()) {
                valid.add(tag);
            } else {
                // JUnit tags may not hold blanks or ,()&|!; one rule for ids and tags is simpler to remember.
                file.error(nodes.size() == tags.size() ? nodes.get(i) : f.value("tags"),
                        "invalid tag " + Problem.quote(tag) + ": use lower-case letters, digits, '.', '_' and '-'");
            }
        }
        return valid;
    }

    private List<String> urls(Fields f, String key) {
        List<String> values = f.strings(key);
        if (values == null) {
            return List.of();
        }
        List<String> valid = new ArrayList<>();
        for (String url : values) {
            String problem = urlProblem(url);
            if (problem == null) {
                valid.add(url);
            } else {
                file.error(f.value(key), problem);
            }
        }
        return valid;
    }

    static String urlProblem(String url) {
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return null;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        return Problem.quote(url) + " is not a link: write the bug's http(s) URL";
    }

    private List<Step> steps(Fields f) {
        int commands = (f.has("run") ? 1 : 0) + (f.has("argv") ? 1 : 0) + (f.has("steps") ? 1 : 0);
        if (commands == 0) {
            file.error(f.node(), "missing command in scenario: write 'run' (a shell script), 'argv' (a command list) or 'steps'");
            return List.of();
        }
        if (commands > 1) {
            file.error(f.node(), "a scenario has exactly one of 'run', 'argv' and 'steps', not several");
            return List.of();
        }
        if (!f.has("steps")) {
            Command command = command(f);
            Expectations expect = f.has("expect") ? expectations(f.value("expect")) : Expectations.DEFAULT;
            return command == null || expect == null ? List.of() : List.of(new Step("main", command, expect, f.location()));
        }
        if (f.has("expect")) {
            file.error(f.value("expect"), "with 'steps', each step has its own 'expect'; move this one into the steps");
        }
        List<Node> items = file.list(f.value("steps"), "steps");
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            file.error(f.value("steps"), "'steps' is empty: a scenario needs at least one step");
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        boolean allGood = true;
        for (int i = 0; i < items.size(); i++) {
            Step step = step(items.get(i), i + 1);
            if (step == null) {
                allGood = false;
            } else {
                steps.add(step);
            }
        }
        // A scenario with a broken step must not run the other steps as if they were the whole scenario.
        return allGood ? steps : List.of();
    }

    private Step step(Node node, int number) {
        Fields s = Fields.of(file, node, "step " + number, STEP_KEYS);
        if (s == null) {
            return null;
        }
        String name = s.has("name") ? s.string("name") : "step " + number;
        int commands = (s.has("run") ? 1 : 0) + (s.has("argv") ? 1 : 0);
        if (commands != 1) {
            file.error(node, commands == 0
                    ? "missing command in step " + number + ": write 'run' (a shell script) or 'argv' (a command list)"
                    : "step " + number + " has both 'run' and 'argv'; keep one");
            return null;
        }
        Command command = command(s);
        Expectations expect = s.has("expect") ? expectations(s.value("expect")) : Expectations.DEFAULT;
        return name == null || command == null || expect == null ? null : new Step(name, command, expect, s.location());
    }

    private Command command(Fields f) {
        if (f.has("run")) {
            String script = f.string("run");
            if (script != null && script.isBlank()) {
                file.error(f.value("run"), "'run' is empty");
                return null;
            }
            return script == null ? null : Command.shell(script);
        }
        List<String> argv = f.strings("argv");
        if (argv != null && argv.isEmpty()) {
            file.error(f.value("argv"), "'argv' is empty: it needs at least the program to run");
            return null;
        }
        return argv == null ? null : Command.argv(argv);
    }

    private Expectations expectations(Node node) {
        Fields e = Fields.of(file, node, "expect", EXPECT_KEYS);
        if (e == null) {
            return null;
        }
        Set<Integer> exitCodes = exitCodes(e);
        TextExpectation stdout = e.has("stdout") ? text(e.value("stdout"), "stdout") : TextExpectation.NONE;
        TextExpectation stderr = e.has("stderr") ? text(e.value("stderr"), "stderr") : TextExpectation.NONE;
        CheckParser checks = new CheckParser(file);
        List<FileExpectation> files = e.has("files") ? checks.files(e.value("files")) : List.of();
        ImageExpectation image = e.has("image") ? checks.image(e.value("image")) : ImageExpectation.NONE;
        List<PackageExpectation> packages = e.has("packages") ? checks.packages(e.value("packages")) : List.of();
        if (exitCodes == null || stdout == null || stderr == null || files == null || image == null || packages == null) {
            return null;
        }
        return new Expectations(exitCodes, stdout, stderr, files, image, packages);
    }

    private Set<Integer> exitCodes(Fields e) {
        Node v = e.value("exit_code");
        if (v == null) {
            return Set.of(0);
        }
        List<Node> items = v instanceof SequenceNode seq ? seq.getValue() : List.of(v);
        if (items.isEmpty()) {
            file.error(v, "'exit_code' is an empty list: give at least one exit code");
            return null;
        }
        Set<Integer> codes = new TreeSet<>();
        boolean ok = true;
        for (Node item : items) {
            if (!(item instanceof ScalarNode) || !Tag.INT.equals(item.getTag())) {
                file.error(item, "expected an exit code (an integer 0-255) or a list of them for 'exit_code', got "
                        + YamlFile.describe(item));
                ok = false;
                continue;
            }
            Long code = file.integer(item, "exit_code");
            if (code == null) {
                ok = false;
            } else if (code < 0 || code > 255) {
                file.error(item, "exit codes are 0 to 255, got " + code);
                ok = false;
            } else {
                codes.add(code.intValue());
            }
        }
        return ok ? codes : null;
    }

    private TextExpectation text(Node node, String stream) {
        Fields t = Fields.of(file, node, "expect." + stream, TEXT_KEYS);
        if (t == null) {
            return null;
        }
        List<String> contains = t.stringOrStrings("contains");
        List<String> notContains = t.stringOrStrings("not_contains");
        String equalTo = t.string("equals");
        CheckParser checks = new CheckParser(file);
        List<TextPattern> matches = checks.javaPatterns(t, "matches", "expect." + stream);
        List<TextPattern> notMatches = checks.javaPatterns(t, "not_matches", "expect." + stream);
        boolean ok = (contains != null || !t.has("contains")) && (notContains != null || !t.has("not_contains"))
                && matches != null && notMatches != null && (equalTo != null || !t.has("equals"));
        if (!ok) {
            return null;
        }
        return new TextExpectation(contains == null ? List.of() : contains, notContains == null ? List.of() : notContains,
                matches, equalTo, notMatches);
    }

    private RunOptions options(Fields f) {
        String user = f.text("user");
        String workdir = f.string("workdir");
        if (workdir != null && !workdir.startsWith("/")) {
            file.error(f.value("workdir"), "workdir " + Problem.quote(workdir) + " must be absolute (start with /)");
        }
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> secretEnv = new LinkedHashSet<>();
        env(f, env, secretEnv);
        String network = f.string("network");
        if (network != null && network.isBlank()) {
            file.error(f.value("network"), "'network' is empty: leave it out for 'none'");
        }
        Boolean readOnly = f.bool("read_only");
        Boolean privileged = f.bool("privileged");
        return new RunOptions(user, workdir, env, secretEnv, f.duration("timeout"), network,
                capabilities(f, "cap_add"), capabilities(f, "cap_drop"), orEmpty(f.strings("security_opt")),
                Boolean.TRUE.equals(readOnly), Boolean.TRUE.equals(privileged),
                f.size("memory", MIN_MEMORY, "6m (the engines' minimum)"), f.integer("pids_limit", 1));
    }

    private void env(Fields f, Map<String, String> env, Set<String> secretEnv) {
        Node v = f.value("env");
        if (v == null) {
            return;
        }
        if (!(v instanceof MappingNode mapping)) {
            file.error(v, "expected a map of strings for 'env', got " + YamlFile.describe(v));
            return;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String name = YamlFile.scalarValue(tuple.getKeyNode());
            if (name == null || !ENV_NAME.matcher(name).matches()) {
                file.error(tuple.getKeyNode(), "invalid environment variable name " + Problem.quote(name) + ": use letters, digits and '_'");
                continue;
            }
            if (env.containsKey(name)) {
                file.error(tuple.getKeyNode(), "duplicate key " + Problem.quote(name) + " in 'env'");
                continue;
            }
            Node value = tuple.getValueNode();
            if (value instanceof MappingNode) {
                // {value: x, secret: true}: the value is masked in reports and reproducers.
                Fields s = Fields.of(file, value, "env." + name, SECRET_KEYS);
                String text = s.require("value") ? s.text("value") : null;
                Boolean secret = s.has("secret") ? s.bool("secret") : Boolean.FALSE;
                if (text != null && secret != null) {
                    env.put(name, text);
                    if (secret) {
                        secretEnv.add(name);
                    }
                }
            } else {
                String text = file.text(value, "env." + name);
                if (text != null) {
                    env.put(name, text);
                }
            }
        }
    }

    private List<String> capabilities(Fields f, String key) {
        List<String> names = f.strings(key);
        if (names == null) {
            return List.of();
        }
        List<String> valid = new ArrayList<>();
        for (String name : names) {
            String normal = name.toUpperCase(Locale.ROOT);
            normal = normal.startsWith("CAP_") ? normal.substring(4) : normal;
            if (CAPABILITIES.contains(normal)) {
                valid.add(normal);
            } else {
                file.error(f.value(key), "unknown capability " + Problem.quote(name) + " in '" + key + "'"
                        + Suggestions.didYouMean(normal, CAPABILITIES));
            }
        }
        return valid;
    }

    private List<KnownFailure> knownFailures(Fields f, String scenarioId) {
        Node v = f.value("known_failures");
        if (v == null) {
            return List.of();
        }
        List<Node> items = file.list(v, "known_failures");
        if (items == null) {
            return List.of();
        }
        List<KnownFailure> result = new ArrayList<>();
        for (Node item : items) {
            Fields k = Fields.of(file, item, "a known failure", KNOWN_FAILURE_KEYS);
            if (k == null) {
                continue;
            }
            String context = "a known failure of scenario '" + (scenarioId == null ? "?" : scenarioId) + "'";
            List<String> hosts = patterns(k, "hosts", NameRef.Kind.HOST, context);
            List<String> images = patterns(k, "images", NameRef.Kind.IMAGE, context);
            String reason = k.requiredString("reason");
            if (reason != null && reason.isBlank()) {
                file.error(k.value("reason"), "'reason' is empty: say why these cells fail");
                reason = null;
            }
            String bug = k.string("bug");
            if (bug != null && urlProblem(bug) != null) {
                file.error(k.value("bug"), urlProblem(bug));
                bug = null;
            }
            String kindName = k.choice("kind", KINDS);
            KnownFailure.Kind kind = kindName == null ? KnownFailure.Kind.FAILS
                    : KnownFailure.Kind.valueOf(kindName.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            Pattern engineSays = engineSays(k, kind);
            boolean kindOk = (kindName != null || !k.has("kind")) && (kind == KnownFailure.Kind.FAILS) == (engineSays == null);
            if (hosts != null && images != null && reason != null && (bug != null || !k.has("bug")) && kindOk) {
                result.add(new KnownFailure(hosts, images, reason, bug, k.location(), kind, engineSays));
            }
        }
        return result;
    }

    /**
     * The engine's words an image-unusable known failure expects: required there (without them a dead host would pass
     * for the image's failure), refused on a known failure of the usual kind, where there is no engine answer to match.
     */
    private Pattern engineSays(Fields k, KnownFailure.Kind kind) {
        String regex = k.string("engine_says");
        if (kind == KnownFailure.Kind.FAILS) {
            if (k.has("engine_says")) {
                file.error(k.value("engine_says"), "'engine_says' belongs to known failures of kind image-unusable: add 'kind: image-unusable' or remove it");
            }
            return null;
        }
        if (regex == null) {
            if (!k.has("engine_says")) {
                file.error(k.value("kind"), "a known failure of kind image-unusable needs 'engine_says': a regular expression"
                        + " that the engine's refusal matches, such as \"insufficient UIDs or GIDs\"");
            }
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException ex) {
            file.error(k.value("engine_says"), "invalid regular expression " + Problem.quote(regex) + " in engine_says: "
                    + ex.getDescription() + " near index " + ex.getIndex());
            return null;
        }
    }

    /** Globs under {@code key} (one or a list), each checked and remembered as a reference; empty for "every name". */
    private List<String> patterns(Fields k, String key, NameRef.Kind kind, String context) {
        if (!k.has(key)) {
            return List.of();
        }
        return readPatterns(file, k, key, kind, context, refs);
    }

    static List<String> readPatterns(YamlFile file, Fields k, String key, NameRef.Kind kind, String context, List<NameRef> refs) {
        List<String> patterns = k.stringOrStrings(key);
        if (patterns == null) {
            return null;
        }
        Node v = k.value(key);
        List<Node> nodes = v instanceof SequenceNode seq ? seq.getValue() : List.of(v);
        boolean ok = true;
        for (int i = 0; i < patterns.size(); i++) {
            Node at = nodes.size() == patterns.size() ? nodes.get(i) : v;
            String problem = Globs.problem(patterns.get(i));
            if (problem != null) {
                file.error(at, problem);
                ok = false;
            } else {
                refs.add(new NameRef(kind, patterns.get(i), file.at(at), context));
            }
        }
        return ok ? patterns : null;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
