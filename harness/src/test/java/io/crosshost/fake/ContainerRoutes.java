package io.crosshost.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** The container and exec calls, answered from the store; the process behind each is the test's script. */
final class ContainerRoutes {

    private final ContainerStore store;
    private final java.util.function.BiFunction<FakeContainer, List<String>, FakeProcess> script;
    private final Predicate<String> imagePresent;

    ContainerRoutes(ContainerStore store, java.util.function.BiFunction<FakeContainer, List<String>, FakeProcess> script,
                    Predicate<String> imagePresent) {
        this.store = store;
        this.script = script;
        this.imagePresent = imagePresent;
    }

    /** Answers the call; false when the answer was a stream that the closing of the connection ends. */
    boolean answer(Api.Route route, HttpRequest request, HttpReply reply) throws IOException, InterruptedException {
        if (route.api() == Api.CONTAINER_CREATE) {
            create(request, reply);
            return true;
        }
        if (route.api() == Api.CONTAINER_LIST) {
            reply.json(200, list(request));
            return true;
        }
        if (route.api() == Api.EXEC_START || route.api() == Api.EXEC_INSPECT) {
            Optional<ContainerStore.Exec> exec = store.exec(route.parameter());
            if (exec.isEmpty()) {
                reply.error(404, "No such exec instance: " + route.parameter());
                return true;
            }
            return route.api() == Api.EXEC_START ? startExec(exec.get(), reply) : inspectExec(exec.get(), reply);
        }
        Optional<FakeContainer> found = store.find(route.parameter());
        if (found.isEmpty()) {
            reply.error(404, "No such container: " + route.parameter());
            return true;
        }
        FakeContainer c = found.get();
        switch (route.api()) {
            case CONTAINER_ATTACH -> {
                attach(c, reply);
                return false;
            }
            case CONTAINER_START -> {
                if (c.start(store.clock)) {
                    reply.empty(204);
                } else {
                    reply.empty(304);
                }
            }
            case CONTAINER_INSPECT -> reply.json(200, inspect(c));
            case CONTAINER_WAIT -> {
                reply.startChunked("application/json");
                int code = c.exited.join();
                reply.chunk(HttpReply.JSON.writeValueAsBytes(Map.of("StatusCode", code)));
                reply.endChunks();
            }
            case CONTAINER_KILL -> {
                if (c.kill()) {
                    reply.empty(204);
                } else {
                    reply.error(409, "Cannot kill container: " + c.id() + ": Container " + c.id() + " is not running");
                }
            }
            case CONTAINER_REMOVE -> {
                if (c.state() == FakeContainer.State.RUNNING && !request.flag("force")) {
                    reply.error(409, "You cannot remove a running container " + c.id() + ". Stop the container before attempting removal or force remove");
                } else {
                    store.remove(c);
                    reply.empty(204);
                }
            }
            case CONTAINER_STATS -> reply.json(200, Map.of("id", c.id(), "pids_stats",
                    Map.of("current", c.state() == FakeContainer.State.RUNNING ? 1 : 0)));
            case CONTAINER_ARCHIVE -> archive(c, request.query().getOrDefault("path", ""), reply);
            case CONTAINER_ARCHIVE_PUT -> {
                copyIn(c, request.body());
                reply.empty(200);
            }
            case EXEC_CREATE -> {
                JsonNode body = HttpReply.JSON.readTree(request.body());
                List<String> cmd = strings(body.path("Cmd"));
                if (c.state() != FakeContainer.State.RUNNING) {
                    reply.error(409, "Container " + c.id() + " is not running");
                } else {
                    reply.json(201, Map.of("Id", store.newExec(c, cmd, script.apply(c, cmd)).id));
                }
            }
            default -> reply.error(500, "fake engine: no handler for " + route.api());
        }
        return true;
    }

    private void create(HttpRequest request, HttpReply reply) throws IOException {
        JsonNode body = HttpReply.JSON.readTree(request.body());
        String image = body.path("Image").asText();
        if (!imagePresent.test(image)) {
            reply.error(404, "No such image: " + image);
            return;
        }
        List<String> cmd = strings(body.path("Cmd"));
        Map<String, String> labels = new LinkedHashMap<>();
        body.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        FakeContainer c = store.create(request.query().get("name"), image, cmd, labels, created -> script.apply(created, cmd));
        reply.json(201, Map.of("Id", c.id(), "Warnings", List.of()));
    }

    /** {@code all} and the {@code label} filter ("key" or "key=value"), the only ones the harness uses. */
    private List<Map<String, Object>> list(HttpRequest request) throws IOException {
        boolean all = request.flag("all");
        List<String> labelFilters = new ArrayList<>();
        String filters = request.query().get("filters");
        if (filters != null) {
            labelFilters.addAll(strings(HttpReply.JSON.readTree(filters).path("label")));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (FakeContainer c : store.live()) {
            if ((!all && c.state() != FakeContainer.State.RUNNING) || !labelFilters.stream().allMatch(f -> hasLabel(c, f))) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("Id", c.id());
            item.put("Names", List.of("/" + c.name()));
            item.put("Image", c.image());
            item.put("Command", String.join(" ", c.cmd()));
            item.put("Created", c.createdAt().getEpochSecond());
            item.put("Labels", c.labels());
            item.put("State", c.status());
            item.put("Status", c.status());
            out.add(item);
        }
        return out;
    }

    private static boolean hasLabel(FakeContainer c, String filter) {
        int eq = filter.indexOf('=');
        return eq < 0 ? c.labels().containsKey(filter) : filter.substring(eq + 1).equals(c.labels().get(filter.substring(0, eq)));
    }

    private static Map<String, Object> inspect(FakeContainer c) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", c.status());
        state.put("Running", c.state() == FakeContainer.State.RUNNING);
        state.put("Paused", false);
        state.put("OOMKilled", false);
        state.put("Dead", false);
        state.put("ExitCode", c.exitCode() == null ? 0 : c.exitCode());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Image", c.image());
        config.put("Cmd", c.cmd());
        config.put("Labels", c.labels());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", c.id());
        out.put("Name", "/" + c.name());
        out.put("Created", c.createdAt().toString());
        out.put("State", state);
        out.put("Config", config);
        return out;
    }

    /** The main process's output, framed, from its start to its exit; a container removed unstarted ends it empty. */
    private void attach(FakeContainer c, HttpReply reply) throws IOException {
        reply.startRawStream();
        if (!c.started.join()) {
            return;
        }
        reply.frame(1, c.process().stdout().getBytes(StandardCharsets.UTF_8));
        reply.frame(2, c.process().stderr().getBytes(StandardCharsets.UTF_8));
        c.exited.join();
    }

    /** Runs the exec's script in the stream: output at once, the end after its duration or when the container dies. */
    private boolean startExec(ContainerStore.Exec exec, HttpReply reply) throws IOException, InterruptedException {
        exec.running = true;
        reply.startRawStream();
        reply.frame(1, exec.process.stdout().getBytes(StandardCharsets.UTF_8));
        reply.frame(2, exec.process.stderr().getBytes(StandardCharsets.UTF_8));
        try {
            exec.container.exited.get(exec.process.duration().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            exec.exitCode = 137;
        } catch (java.util.concurrent.TimeoutException done) {
            exec.exitCode = exec.process.exitCode();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            exec.running = false;
        }
        return false;
    }

    private static boolean inspectExec(ContainerStore.Exec exec, HttpReply reply) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ID", exec.id);
        out.put("ContainerID", exec.container.id());
        out.put("Running", exec.running);
        out.put("ExitCode", exec.exitCode);
        reply.json(200, out);
        return true;
    }

    /** GET archive: the file the script left at that path, as a one-entry tar, as dockerd sends it. */
    private static void archive(FakeContainer c, String path, HttpReply reply) throws IOException {
        String content = c.state() == FakeContainer.State.CREATED ? null : c.process().files().get(path);
        if (content == null) {
            reply.error(404, "Could not find the file " + path + " in container " + c.id());
            return;
        }
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            TarArchiveEntry entry = new TarArchiveEntry(path.substring(path.lastIndexOf('/') + 1));
            entry.setSize(data.length);
            out.putArchiveEntry(entry);
            out.write(data);
            out.closeArchiveEntry();
        }
        reply.bytes(200, "application/x-tar", tar.toByteArray());
    }

    /** PUT archive at "/": each regular file of the tar lands at its path, as dockerd extracts it. */
    private static void copyIn(FakeContainer c, byte[] tar) throws IOException {
        try (org.apache.commons.compress.archivers.tar.TarArchiveInputStream in =
                     new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new java.io.ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.isFile()) {
                    c.copiedIn().put("/" + e.getName().replaceFirst("^(\\./)+", "").replaceFirst("^/+", ""),
                            new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                }
            }
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
