package io.crosshost.definitions;

import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.Endpoint;
import io.crosshost.matrix.Exclusion;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.matrix.Matrix;
import io.crosshost.matrix.ScenarioSelection;
import io.crosshost.scenario.SourceLocation;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** A matrix file into a {@link Matrix}: hosts, images, the scenario selection, exclusions and defaults. */
final class MatrixParser {

    static final List<String> MATRIX_KEYS = List.of("name", "catalog", "hosts", "images", "scenarios", "exclude", "defaults");
    static final List<String> HOST_KEYS = List.of("name", "endpoint", "tls", "concurrency", "labels", "runtime");
    static final List<String> TLS_KEYS = List.of("cert_dir");
    static final List<String> IMAGE_KEYS = List.of("name", "ref", "platform", "pull", "labels", "archive");
    static final List<String> SELECTION_KEYS = List.of("ids", "tags", "exclude_ids", "exclude_tags");
    static final List<String> EXCLUSION_KEYS = List.of("scenarios", "except_scenarios", "hosts", "images", "reason");
    static final List<String> DEFAULTS_KEYS = List.of("timeout", "output_cap", "retries", "memory", "pids_limit", "network");

    private static final Pattern RUNTIME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?");

    /**
     * The matrix (null when the file gave none), the scenario names it refers to, where its selection is, and the
     * catalog it belongs with.
     */
    record Parsed(Matrix matrix, List<NameRef> scenarioRefs, SourceLocation selectionLocation, Catalog catalog) {
    }

    /**
     * The folder (or file) of the scenarios a matrix was written for, against which its scenario names are checked
     * whatever a run loads; {@code location} is where the {@code catalog} key is written, null when it was left out.
     */
    record Catalog(Path path, SourceLocation location) {

        boolean explicit() {
            return location != null;
        }
    }

    private final YamlFile file;
    private final List<NameRef> hostImageRefs = new ArrayList<>();
    private final List<NameRef> scenarioRefs = new ArrayList<>();

    private MatrixParser(YamlFile file) {
        this.file = file;
    }

    static Parsed parse(YamlFile.Root root) {
        return new MatrixParser(root.file()).parseMatrix(root.node());
    }

    private Parsed parseMatrix(Node node) {
        Fields f = Fields.of(file, node, "the matrix", MATRIX_KEYS);
        if (f == null) {
            return new Parsed(null, List.of(), SourceLocation.of(file.path), new Catalog(defaultCatalog(file.path), null));
        }
        String name = f.has("name") ? f.string("name") : baseName(file.path);
        if (name != null && f.has("name") && (name.isBlank() || name.length() > 100 || !Problem.printable(name, 101).equals(name))) {
            // The name heads every report and the command's output: one readable line.
            file.error(f.value("name"), "invalid matrix name " + Problem.quote(name)
                    + ": one line of at most 100 characters without control characters, such as nightly");
            name = null;
        }
        Catalog catalog = catalog(f);
        List<HostSpec> hosts = hosts(f);
        List<ImageSpec> images = images(f);
        ScenarioSelection selection = selection(f);
        List<Exclusion> exclusions = exclusions(f);
        Defaults defaults = defaults(f);
        checkNames(hosts.stream().map(HostSpec::name).toList(), images.stream().map(ImageSpec::name).toList());
        SourceLocation selectionAt = f.has("scenarios") ? file.at(f.value("scenarios")) : f.location();
        if (name == null || selection == null || exclusions == null || defaults == null) {
            return new Parsed(null, scenarioRefs, selectionAt, catalog);
        }
        return new Parsed(new Matrix(name, hosts, images, selection, exclusions, defaults, f.location()), scenarioRefs,
                selectionAt, catalog);
    }

    /**
     * The scenarios folder the matrix lives in when it names none: {@code scenarios/} for
     * {@code scenarios/matrices/lab.yaml}, the matrix's own folder otherwise. Relative paths stay relative, so that
     * messages show them as given.
     */
    static Path defaultCatalog(Path matrixFile) {
        Path dir = matrixFile.getParent();
        if (dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("matrices")) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of(".") : dir;
    }

    private Catalog catalog(Fields f) {
        Path standard = defaultCatalog(file.path);
        if (!f.has("catalog")) {
            return new Catalog(standard, null);
        }
        String given = f.string("catalog");
        if (given == null) {
            return new Catalog(standard, null);
        }
        Node at = f.value("catalog");
        if (given.isBlank()) {
            file.error(at, "'catalog' is empty: name the folder of the scenarios this matrix was written for, such as ../");
            return new Catalog(standard, null);
        }
        try {
            Path base = file.path.getParent();
            return new Catalog(base == null ? Path.of(given) : base.resolve(given), file.at(at));
        } catch (InvalidPathException e) {
            file.error(at, "invalid path " + Problem.quote(given) + " for 'catalog': " + e.getReason());
            return new Catalog(standard, null);
        }
    }

    private static String baseName(Path path) {
        String n = path.getFileName().toString();
        return n.replaceFirst("\\.ya?ml$", "");
    }

    private List<Node> items(Fields f, String key, String what) {
        if (!f.require(key)) {
            return List.of();
        }
        List<Node> items = file.list(f.value(key), key);
        if (items != null && items.isEmpty()) {
            file.error(f.value(key), "the matrix has no " + what + ": list at least one under '" + key + "'");
        }
        return items == null ? List.of() : items;
    }

    private List<HostSpec> hosts(Fields f) {
        List<HostSpec> hosts = new ArrayList<>();
        Map<String, SourceLocation> seen = new LinkedHashMap<>();
        for (Node item : items(f, "hosts", "hosts")) {
            Fields h = Fields.of(file, item, "a host", HOST_KEYS);
            if (h == null) {
                continue;
            }
            String name = uniqueName(h, "host", seen);
            Endpoint endpoint = endpoint(h);
            Long concurrency = h.integer("concurrency", 1);
            Map<String, String> labels = h.stringMap("labels");
            String runtime = runtime(h);
            if (name != null && endpoint != null && (concurrency != null || !h.has("concurrency"))
                    && (runtime != null || !h.has("runtime"))) {
                hosts.add(new HostSpec(name, endpoint, concurrency == null ? 1 : concurrency.intValue(),
                        labels == null ? Map.of() : labels, runtime));
            }
        }
        return hosts;
    }

    /** The OCI runtime a host's containers ask for, by the name the engine knows it by (runc, crun). */
    private String runtime(Fields h) {
        String runtime = h.string("runtime");
        if (runtime != null && !RUNTIME.matcher(runtime).matches()) {
            file.error(h.value("runtime"), "invalid runtime name " + Problem.quote(runtime)
                    + ": give the name the engine knows the runtime by, such as crun or runc");
            return null;
        }
        return runtime;
    }

    private String uniqueName(Fields f, String kind, Map<String, SourceLocation> seen) {
        String name = f.requiredString("name");
        if (name == null) {
            return null;
        }
        if (!ScenarioParser.ID.matcher(name).matches()) {
            // The name goes into cell ids (scenario/image@host) and JUnit unique ids, so it stays plain.
            file.error(f.value("name"), "invalid " + kind + " name " + Problem.quote(name)
                    + ": use lower-case letters, digits, '.', '_' and '-', such as debian-13");
            return null;
        }
        SourceLocation first = seen.putIfAbsent(name, file.at(f.value("name")));
        if (first != null) {
            file.error(f.value("name"), "duplicate " + kind + " name " + Problem.quote(name) + ": already defined at " + first);
            return null;
        }
        return name;
    }

    private Endpoint endpoint(Fields h) {
        if (!h.require("endpoint")) {
            return null;
        }
        String uri = h.string("endpoint");
        if (uri == null) {
            return null;
        }
        Node at = h.value("endpoint");
        Node tls = h.value("tls");
        if (Endpoint.DEFAULT.equals(uri) || uri.startsWith("unix://")) {
            if (tls != null) {
                file.error(tls, "'tls' applies to tcp:// endpoints only");
            }
            if (uri.startsWith("unix://") && !uri.startsWith("unix:///")) {
                file.error(at, "invalid endpoint " + Problem.quote(uri) + ": a socket path is absolute, as in unix:///var/run/docker.sock");
                return null;
            }
            return new Endpoint(uri, null);
        }
        if (!uri.startsWith("tcp://")) {
            file.error(at, "invalid endpoint " + Problem.quote(uri) + ": expected unix:///path/to/socket, tcp://host:port (with tls) or default"
                    + (uri.startsWith("ssh://") ? "; ssh:// is not supported yet" : ""));
            return null;
        }
        try {
            URI parsed = new URI(uri);
            if (parsed.getHost() == null || parsed.getPort() < 1 || parsed.getPort() > 65535
                    || (parsed.getPath() != null && !parsed.getPath().isEmpty())) {
                file.error(at, "invalid endpoint " + Problem.quote(uri) + ": expected tcp://host:port, such as tcp://ci-rhel7.example.com:2376");
                return null;
            }
        } catch (URISyntaxException e) {
            file.error(at, "invalid endpoint " + Problem.quote(uri) + ": " + e.getReason());
            return null;
        }
        if (tls == null) {
            // An engine API over plain TCP is root on that host for anyone on the network; the harness will not use one.
            file.error(at, "tcp endpoint " + Problem.quote(uri) + " needs 'tls: {cert_dir: ...}' with ca.pem, cert.pem and key.pem");
            return null;
        }
        Fields t = Fields.of(file, tls, "tls", TLS_KEYS);
        String certDir = t == null ? null : t.requiredString("cert_dir");
        if (certDir == null) {
            return null;
        }
        Path dir;
        try {
            Path base = file.path.getParent();
            dir = base == null ? Path.of(certDir) : base.resolve(certDir);
        } catch (InvalidPathException e) {
            file.error(t.value("cert_dir"), "invalid path " + Problem.quote(certDir) + ": " + e.getReason());
            return null;
        }
        if (!Files.isDirectory(dir)) {
            file.error(t.value("cert_dir"), "TLS certificate directory " + Problem.quote(dir.toString()) + " does not exist"
                    + " (cert_dir is relative to the matrix file); it should hold ca.pem, cert.pem and key.pem");
            return null;
        }
        return new Endpoint(uri, dir);
    }

    private List<ImageSpec> images(Fields f) {
        List<ImageSpec> images = new ArrayList<>();
        Map<String, SourceLocation> seen = new LinkedHashMap<>();
        for (Node item : items(f, "images", "images")) {
            Fields i = Fields.of(file, item, "an image", IMAGE_KEYS);
            if (i == null) {
                continue;
            }
            String name = uniqueName(i, "image", seen);
            String ref = i.requiredString("ref");
            if (ref != null) {
                String problem = ImageReferences.problem(ref);
                if (problem != null) {
                    file.error(i.value("ref"), problem);
                    ref = null;
                }
            }
            String platform = i.string("platform");
            if (platform != null && !PLATFORM.matcher(platform).matches()) {
                file.error(i.value("platform"), "invalid platform " + Problem.quote(platform) + ": expected os/arch[/variant], such as linux/amd64");
                platform = null;
            }
            String pull = i.choice("pull", List.of("never", "missing", "always"));
            Map<String, String> labels = i.stringMap("labels");
            // Not checked for existence here: a matrix is validated where the lab that writes the archive may not be.
            String archive = i.string("archive");
            Path base = file.path.getParent();
            Path archivePath = archive == null || archive.isBlank() ? null : base == null ? Path.of(archive) : base.resolve(archive);
            if (archive != null && archive.isBlank()) {
                file.error(i.value("archive"), "'archive' is empty: give the path of a docker save tarball, relative to the matrix file");
            }
            if (name != null && ref != null && (platform != null || !i.has("platform")) && (pull != null || !i.has("pull"))
                    && (archivePath != null || !i.has("archive"))) {
                images.add(new ImageSpec(name, ref, platform,
                        pull == null ? null : ImageSpec.PullPolicy.valueOf(pull.toUpperCase(Locale.ROOT)),
                        labels == null ? Map.of() : labels, archivePath));
            }
        }
        return images;
    }

    private ScenarioSelection selection(Fields f) {
        if (!f.has("scenarios")) {
            return ScenarioSelection.ALL;
        }
        Fields s = Fields.of(file, f.value("scenarios"), "the scenario selection", SELECTION_KEYS);
        if (s == null) {
            return null;
        }
        List<String> ids = ids(s, "ids");
        List<String> tags = orEmpty(s.strings("tags"));
        List<String> excludeIds = ids(s, "exclude_ids");
        List<String> excludeTags = orEmpty(s.strings("exclude_tags"));
        return new ScenarioSelection(ids, tags, excludeIds, excludeTags);
    }

    private List<String> ids(Fields s, String key) {
        List<String> ids = s.strings(key);
        if (ids == null) {
            return List.of();
        }
        Node v = s.value(key);
        List<Node> nodes = v instanceof SequenceNode seq ? seq.getValue() : List.of();
        for (int i = 0; i < ids.size(); i++) {
            Node at = nodes.size() == ids.size() ? nodes.get(i) : v;
            scenarioRefs.add(new NameRef(NameRef.Kind.SCENARIO, ids.get(i), file.at(at), "the matrix's scenarios." + key));
        }
        return ids;
    }

    private List<Exclusion> exclusions(Fields f) {
        if (!f.has("exclude")) {
            return List.of();
        }
        List<Node> items = file.list(f.value("exclude"), "exclude");
        if (items == null) {
            return null;
        }
        List<Exclusion> exclusions = new ArrayList<>();
        for (Node item : items) {
            Fields e = Fields.of(file, item, "an exclusion", EXCLUSION_KEYS);
            if (e == null) {
                continue;
            }
            String context = "an exclusion";
            List<String> scenarios = e.has("scenarios")
                    ? ScenarioParser.readPatterns(file, e, "scenarios", NameRef.Kind.SCENARIO, context, scenarioRefs) : List.of();
            List<String> hosts = e.has("hosts")
                    ? ScenarioParser.readPatterns(file, e, "hosts", NameRef.Kind.HOST, context, hostImageRefs) : List.of();
            List<String> images = e.has("images")
                    ? ScenarioParser.readPatterns(file, e, "images", NameRef.Kind.IMAGE, context, hostImageRefs) : List.of();
            String reason = e.requiredString("reason");
            if (reason != null && reason.isBlank()) {
                file.error(e.value("reason"), "'reason' is empty: say why these cells are skipped");
                reason = null;
            }
            List<String> except = e.has("except_scenarios")
                    ? ScenarioParser.readPatterns(file, e, "except_scenarios", NameRef.Kind.SCENARIO, context, scenarioRefs) : List.of();
            if (scenarios != null && hosts != null && images != null && reason != null && except != null) {
                exclusions.add(new Exclusion(scenarios, hosts, images, reason, e.location(), except));
            }
        }
        return exclusions;
    }

    /** Exclusions whose literal host or image name the matrix does not have. */
    private void checkNames(List<String> hosts, List<String> images) {
        for (NameRef ref : hostImageRefs) {
            List<String> names = ref.kind() == NameRef.Kind.HOST ? hosts : images;
            if (ref.isLiteral() && !names.contains(ref.pattern())) {
                file.error(ref.location(), CrossChecks.unknownName(ref, names, "this matrix"));
            }
        }
    }

    private Defaults defaults(Fields f) {
        Defaults standard = Defaults.STANDARD;
        if (!f.has("defaults")) {
            return standard;
        }
        Fields d = Fields.of(file, f.value("defaults"), "the defaults", DEFAULTS_KEYS);
        if (d == null) {
            return null;
        }
        Duration timeout = d.duration("timeout");
        Long outputCap = d.size("output_cap", 1024, "1k");
        Long retries = d.integer("retries", 0);
        Long memory = d.size("memory", ScenarioParser.MIN_MEMORY, "6m (the engines' minimum)");
        Long pidsLimit = d.integer("pids_limit", 1);
        String network = d.string("network");
        if (network != null && !network.equals(Defaults.NETWORK_NONE) && !network.equals(Defaults.NETWORK_DISABLED)) {
            // A matrix-wide network would reach every cell; only the two that keep them all off any network may.
            file.error(d.value("network"), "defaults.network must be '" + Defaults.NETWORK_NONE + "' or '"
                    + Defaults.NETWORK_DISABLED + "', not " + Problem.quote(network) + " (a scenario that needs a network says so itself)");
            network = null;
        }
        return new Defaults(timeout != null ? timeout : standard.timeout(),
                outputCap != null ? outputCap : standard.outputCapBytes(),
                retries != null ? retries.intValue() : standard.retries(),
                memory != null ? memory : standard.memoryBytes(),
                pidsLimit != null ? pidsLimit : standard.pidsLimit(),
                network != null ? network : standard.network());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
