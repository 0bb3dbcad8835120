package io.crosshost.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import io.crosshost.container.CliTarget;
import io.crosshost.container.CliWords;
import io.crosshost.container.ContainerSpec;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.scenario.Scenario;
import io.crosshost.definitions.DefinitionLoader;
import io.crosshost.definitions.LoadedDefinitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's create request and the reproducer's command line are two renderings of one {@link ContainerSpec};
 * this test reads the command line back into the create request's JSON and checks that the two say the same
 * thing, for every cell of the shipped catalog on the lab matrix and for a spec with every field set. A field the
 * create request gains without the command line (or the other way round) fails here.
 */
class ContainerSpecRenderingTest {

    private static final Path ROOT = Path.of(System.getProperty("crosshost.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DockerClient OFFLINE = offlineClient();

    static Stream<Cell> catalogCells() {
        LoadedDefinitions loaded = DefinitionLoader.load(ROOT.resolve("scenarios/matrices/lab.yaml"), List.of(ROOT.resolve("scenarios")));
        assertThat(loaded.problems()).isEmpty();
        List<Cell> cells = new ArrayList<>();
        for (Scenario s : loaded.scenarios()) {
            for (HostSpec h : loaded.matrix().hosts()) {
                for (ImageSpec i : loaded.matrix().images()) {
                    cells.add(new Cell(s, i, h));
                }
            }
        }
        assertThat(cells).hasSizeGreaterThanOrEqualTo(200);
        return cells.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogCells")
    void everyCatalogCellsCommandLineSaysWhatItsCreateRequestSays(Cell cell) throws Exception {
        ContainerSpec spec = new RunContext("r1", "lab:1:2", io.crosshost.matrix.Defaults.STANDARD).specOf(cell);

        assertSameForDockerAndPodman(spec);
    }

    @Test
    void aSpecWithEveryFieldSetRendersTheSameBothWays() throws Exception {
        Cell cell = catalogCells().findFirst().orElseThrow();
        ContainerSpec spec = new RunContext("r1", "lab:1:2", io.crosshost.matrix.Defaults.STANDARD).specOf(cell).with(b -> {
            b.user = "1000:1000";
            b.workdir = "/srv";
            b.env.put("LANG", "C.UTF-8");
            b.readOnly = true;
            b.capAdd.add("MKNOD");
            b.capDrop.add("NET_RAW");
            b.securityOpt.add("no-new-privileges");
            b.tmpfs.put("/run", "rw,size=64m");
            b.ulimits.add(new ContainerSpec.Ulimit("nofile", 1024, 2048));
            b.runtime = "crun";
            b.usernsMode = "host";
            b.network = "host";
            b.entrypoint = ContainerSpec.NO_ENTRYPOINT;
        });

        assertSameForDockerAndPodman(spec);
        assertThat(createJson(spec).path("Entrypoint").toString()).as("cleared as --entrypoint '' clears it").isEqualTo("[\"\"]");
        assertThat(createJson(spec).path("HostConfig").path("Tmpfs").path("/run").asText()).isEqualTo("rw,size=64m");
    }

    private static void assertSameForDockerAndPodman(ContainerSpec spec) throws Exception {
        JsonNode create = createJson(spec);
        for (CliTarget target : List.of(new CliTarget("unix:///var/run/docker.sock", null, false),
                new CliTarget("unix:///run/podman/podman.sock", null, true))) {
            assertThat(fromCli(CliWords.words(spec, target))).as("%s for %s", String.join(" ", CliWords.words(spec, target)),
                    target.podman() ? "podman" : "docker").isEqualTo(create);
        }
    }

    /** The create request as the engine gets it, less what is null or empty, and less NetworkDisabled (see below). */
    private static JsonNode createJson(ContainerSpec spec) throws Exception {
        ObjectNode json = (ObjectNode) JSON.valueToTree(CreateRequest.of(OFFLINE, spec));
        prune(json);
        // The CLI has no flag for the API's NetworkDisabled: it says --network none, which the request says too.
        json.remove("NetworkDisabled");
        return json;
    }

    /** The command line read back into the create request's JSON, flag by flag; an unknown flag fails the test. */
    private static JsonNode fromCli(List<String> words) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode host = json.putObject("HostConfig");
        Iterator<String> it = words.iterator();
        String client = it.next();
        while (it.hasNext()) {
            String w = it.next();
            if (w.equals("run")) {
                break;
            }
            // the client's own options: -H, --url, --remote, TLS files
            assertThat(client.equals("docker") ? List.of("-H", "--tlsverify") : List.of("--remote", "--url")).anyMatch(w::startsWith);
            if (w.equals("-H") || w.equals("--url")) {
                it.next();
            }
        }
        while (it.hasNext()) {
            String w = it.next();
            switch (w) {
                case "--rm" -> { } // the CLI's stand-in for the harness's own removal
                case "--network" -> host.put("NetworkMode", it.next());
                case "--user" -> json.put("User", it.next());
                case "--workdir" -> json.put("WorkingDir", it.next());
                case "-e" -> array(json, "Env").add(it.next());
                case "--cap-add" -> array(host, "CapAdd").add(it.next());
                case "--cap-drop" -> array(host, "CapDrop").add(it.next());
                case "--security-opt" -> {
                    String opt = it.next();
                    if (opt.equals("systempaths=unconfined")) {
                        // What the docker CLI sends for it: no security option, empty masked and read-only paths.
                        array(host, "MaskedPaths");
                        array(host, "ReadonlyPaths");
                    } else {
                        array(host, "SecurityOpt").add(opt);
                    }
                }
                case "--read-only" -> host.put("ReadonlyRootfs", true);
                case "--privileged" -> host.put("Privileged", true);
                case "--memory" -> host.put("Memory", Long.parseLong(it.next()));
                case "--memory-swap" -> host.put("MemorySwap", Long.parseLong(it.next()));
                case "--pids-limit" -> host.put("PidsLimit", Long.parseLong(it.next()));
                case "--tmpfs" -> {
                    String[] t = it.next().split(":", 2);
                    object(host, "Tmpfs").put(t[0], t.length > 1 ? t[1] : "");
                }
                case "--ulimit" -> {
                    String[] u = it.next().split("[=:]");
                    array(host, "Ulimits").addObject().put("Name", u[0]).put("Soft", Long.parseLong(u[1])).put("Hard", Long.parseLong(u[2]));
                }
                case "--log-driver" -> host.putObject("LogConfig").put("Type", it.next());
                case "--label" -> {
                    String[] l = it.next().split("=", 2);
                    object(json, "Labels").put(l[0], l[1]);
                }
                case "--runtime" -> host.put("Runtime", it.next());
                case "--entrypoint" -> array(json, "Entrypoint").add(it.next());
                default -> {
                    if (w.startsWith("--userns=")) {
                        host.put("UsernsMode", w.substring("--userns=".length()));
                    } else {
                        assertThat(w).as("an option the test does not know").doesNotStartWith("-");
                        json.put("Image", w);
                        ArrayNode cmd = json.putArray("Cmd");
                        it.forEachRemaining(cmd::add);
                    }
                }
            }
        }
        if (!host.has("ReadonlyRootfs")) {
            host.put("ReadonlyRootfs", false);
        }
        if (!host.has("Privileged")) {
            host.put("Privileged", false);
        }
        prune(json);
        return json;
    }

    private static ArrayNode array(ObjectNode node, String field) {
        return node.has(field) ? (ArrayNode) node.get(field) : node.putArray(field);
    }

    private static ObjectNode object(ObjectNode node, String field) {
        return node.has(field) ? (ObjectNode) node.get(field) : node.putObject(field);
    }

    /** Nulls, empty arrays and objects say nothing; both sides drop them. */
    private static void prune(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        List<String> empty = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            prune(e.getValue());
            JsonNode v = e.getValue();
            // Empty MaskedPaths and ReadonlyPaths mean "unmask everything" (systempaths=unconfined): they stay.
            boolean meaningfulEmpty = e.getKey().equals("MaskedPaths") || e.getKey().equals("ReadonlyPaths");
            if (v.isNull() || (v.isContainerNode() && v.isEmpty() && !meaningfulEmpty)) {
                empty.add(e.getKey());
            }
        }
        object.remove(empty);
    }

    /** A client whose create commands are only built and serialised, never sent. */
    private static DockerClient offlineClient() {
        DockerHttpClient never = new DockerHttpClient() {
            @Override
            public Response execute(Request request) {
                throw new IllegalStateException("this test sends nothing to an engine");
            }

            @Override
            public void close() {
            }
        };
        return DockerClientImpl.getInstance(DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///nonexistent.sock").build(), never);
    }
}
