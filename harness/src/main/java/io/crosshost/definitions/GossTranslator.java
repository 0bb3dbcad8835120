package io.crosshost.definitions;

import io.crosshost.scenario.Command;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.FileType;
import io.crosshost.scenario.PackageExpectation;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Step;
import io.crosshost.scenario.TextExpectation;
import io.crosshost.scenario.TextPattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A goss file as scenarios, one per resource, run as {@code goss validate} would inside a container of the image:
 * command, file, package, user, group and process resources, and gossfile includes. Resources that need what a
 * one-shot container of a test host does not have (a listening service, the network, the host's kernel) are refused
 * with the reason, at the line they are on.
 */
final class GossTranslator {

    static final Set<String> SUPPORTED = Set.of("command", "file", "package", "user", "group", "process", "gossfile");
    static final Map<String, String> REFUSED = Map.of(
            "port", "a cell's container runs only the test, with network none: no service of the image listens in it",
            "service", "a cell's container has no init system and runs only the test: no service is started in it",
            "addr", "cells run with network none: no connection leaves the container",
            "http", "cells run with network none: no request leaves the container, and a test host must not reach outside",
            "dns", "cells run with network none: there is no resolver to ask",
            "interface", "with network none a container has only loopback: its interfaces are the engine's, not the image's",
            "kernel-param", "kernel parameters are the host's kernel's, not the image's: compare hosts with the host facts in the reports",
            "mount", "a container's mounts are made by the engine at run time, not by the image",
            "matching", "matching compares values written in the file with each other, nothing of the image");
    static final List<String> COMMON = List.of("title", "meta", "skip");

    private final ImportedSuite suite;
    private final YamlFile file;
    private final GossValues values;
    private final List<Path> included;
    private final RunOptions options = new RunOptions(null, null, Map.of(), Set.of(), null, null, List.of(), List.of(),
            List.of(), false, false, null, null, io.crosshost.container.ContainerSpec.NO_ENTRYPOINT);

    private GossTranslator(YamlFile file, ImportedSuite suite, List<Path> included) {
        this.file = file;
        this.suite = suite;
        this.values = new GossValues(file, suite);
        this.included = included;
    }

    /** A map whose keys are all goss resource types is a goss file. */
    static boolean recognises(List<String> topKeys) {
        return !topKeys.isEmpty() && topKeys.stream().allMatch(k -> SUPPORTED.contains(k) || REFUSED.containsKey(k));
    }

    /** The file's resources and those of the files it includes; {@code included} gets each included file. */
    static ScenarioParser.Parsed translate(YamlFile.Root root, List<Path> included) {
        GossTranslator t = new GossTranslator(root.file(), new ImportedSuite(root.file(), "goss"), included);
        t.resources(root.node());
        return t.suite.parsed();
    }

    private void resources(Node node) {
        if (!(node instanceof MappingNode map)) {
            return;
        }
        for (NodeTuple type : map.getValue()) {
            String kind = YamlFile.scalarValue(type.getKeyNode());
            if (REFUSED.containsKey(kind)) {
                file.error(type.getKeyNode(), "goss '" + kind + "' resources are not supported: " + REFUSED.get(kind));
                continue;
            }
            if (!(type.getValueNode() instanceof MappingNode resources)) {
                file.error(type.getValueNode(), "expected a map of " + kind + " resources for '" + kind + "', got "
                        + YamlFile.describe(type.getValueNode()));
                continue;
            }
            for (NodeTuple r : resources.getValue()) {
                String id = file.text(r.getKeyNode(), kind);
                if (id != null) {
                    resource(kind, id, r.getKeyNode(), r.getValueNode());
                }
            }
        }
    }

    private void resource(String kind, String id, Node at, Node body) {
        List<String> keys = switch (kind) {
            case "command" -> List.of("exec", "exit-status", "stdout", "stderr", "timeout");
            case "file" -> List.of("path", "exists", "mode", "size", "owner", "uid", "group", "gid", "linked-to", "filetype",
                    "contains", "contents", "md5", "sha256", "sha512");
            case "package" -> List.of("name", "installed", "versions");
            case "user" -> List.of("username", "exists", "uid", "gid", "groups", "home", "shell");
            case "group" -> List.of("groupname", "exists", "gid");
            case "process" -> List.of("comm", "running");
            default -> List.of("file");
        };
        Fields f = Fields.of(file, body, "goss " + kind + " " + Problem.quote(id), concat(keys, COMMON));
        if (f == null || Boolean.TRUE.equals(f.has("skip") ? f.bool("skip") : Boolean.FALSE)) {
            return; // skip: goss reports the resource as skipped without checking it; Crosshost leaves it out
        }
        if (kind.equals("gossfile")) {
            include(f, id, at);
            return;
        }
        String title = values.typeName(kind) + ": " + id;
        Step step = switch (kind) {
            case "command" -> values.command(f, id);
            case "file" -> file(f, id);
            case "package" -> pkg(f, id);
            case "user" -> new GossAccounts(file, suite, values).user(f, id);
            case "group" -> new GossAccounts(file, suite, values).group(f, id);
            default -> values.process(f, id);
        };
        if (step != null) {
            step = new Step(title, step.command(), step.expect(), step.source());
            RunOptions o = kind.equals("command") && f.has("timeout") ? values.withTimeout(options, f) : options;
            if (o != null) {
                suite.add(suite.idFor(kind + " " + id), title, at, List.of(step), o);
            }
        }
    }

    private Step file(Fields f, String id) {
        String path = f.has("path") ? f.string("path") : id;
        Boolean exists = f.require("exists") ? values.bool(f, "exists") : null;
        if (path == null || exists == null) {
            return null;
        }
        for (String refused : List.of("md5", "sha512")) {
            if (f.has(refused)) {
                file.error(f.value(refused), "goss file '" + refused + "' is not supported: use sha256");
                return null;
            }
        }
        if (!exists) {
            return unstarted(path, new FileExpectation(path, false, List.of()), f);
        }
        String mode = f.has("mode") ? values.string(f, "mode") : null;
        Integer modeBits = mode == null ? null : values.mode(f.value("mode"), mode);
        String filetype = f.has("filetype") ? values.string(f, "filetype") : null;
        FileType type = filetype == null ? null : FileType.ofWritten(filetype);
        if (filetype != null && type == null) {
            file.error(f.value("filetype"), "invalid goss filetype " + Problem.quote(filetype) + ": expected one of "
                    + String.join(", ", Arrays.stream(FileType.values()).map(FileType::written).toList()));
            return null;
        }
        String owner = f.has("owner") ? values.string(f, "owner") : f.has("uid") ? values.number(f, "uid") : null;
        String group = f.has("group") ? values.string(f, "group") : f.has("gid") ? values.number(f, "gid") : null;
        String size = f.has("size") ? values.number(f, "size") : null;
        String target = f.has("linked-to") ? values.string(f, "linked-to") : null;
        String sha = f.has("sha256") ? values.string(f, "sha256") : null;
        String contentKey = f.has("contents") ? "contents" : "contains";
        List<TextPattern> contents = f.has(contentKey) ? values.patterns(f, contentKey) : List.of();
        if ((f.has("mode") && modeBits == null) || contents == null || (f.has("size") && size == null)
                || (f.has("owner") || f.has("uid")) && owner == null || (f.has("group") || f.has("gid")) && group == null
                || (f.has("linked-to") && target == null) || (f.has("sha256") && sha == null)) {
            return null;
        }
        return unstarted(path, new FileExpectation(path, true, List.of(), contents, List.of(), modeBits, owner, group, type, target,
                Set.of(), size == null ? null : Long.parseLong(size), sha == null ? null : sha.toLowerCase(java.util.Locale.ROOT)), f);
    }

    private Step unstarted(String path, FileExpectation expectation, Fields f) {
        Expectations expect = new Expectations(Set.of(), TextExpectation.NONE, TextExpectation.NONE, List.of(expectation));
        return new Step("file " + path, Command.none(), expect, f.location());
    }

    private Step pkg(Fields f, String id) {
        String name = f.has("name") ? f.string("name") : id;
        Boolean installed = f.require("installed") ? values.bool(f, "installed") : null;
        List<String> versions = f.has("versions") ? values.list(f, "versions") : List.of();
        if (name == null || installed == null || versions == null) {
            return null;
        }
        // The inventory is read by an exec in the running container; the step itself only has to start it.
        Expectations expect = new Expectations(Set.of(), TextExpectation.NONE, TextExpectation.NONE, List.of(), null,
                List.of(new PackageExpectation(name, installed, installed ? versions : List.of())));
        return new Step("package " + name, Command.shell(":"), expect, f.location());
    }

    private void include(Fields f, String pattern, Node at) {
        String name = f.has("file") ? f.string("file") : pattern;
        if (name == null) {
            return;
        }
        Path dir = file.path.toAbsolutePath().getParent();
        List<Path> matches = GossIncludes.resolve(dir, name);
        if (matches.isEmpty()) {
            file.error(at, "the gossfile " + Problem.quote(name) + " matches no file next to " + file.path.getFileName());
            return;
        }
        for (Path p : matches) {
            if (included.contains(p.normalize())) {
                continue; // goss reads a file once, however often it is included
            }
            included.add(p.normalize());
            YamlFile.read(p, file.problems()).ifPresent(root -> {
                GossTranslator inner = new GossTranslator(root.file(), suite.forFile(root.file()), included);
                inner.resources(root.node());
                suite.absorb(inner.suite);
            });
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
