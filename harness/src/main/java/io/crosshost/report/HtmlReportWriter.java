package io.crosshost.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes {@code index.html}: one self-contained page (inline CSS and JS, no network) that renders the grid from the
 * run embedded as JSON. The page itself is the resource {@code index.html} beside this class; Java only fills its
 * one placeholder, so the markup is edited as HTML, not as Java strings.
 */
final class HtmlReportWriter {

    static final String PLACEHOLDER = "@@CROSSHOST_DATA@@";

    /**
     * Characters of one output stream the page carries. The page must open fast with thousands of cells;
     * results.json keeps everything that was captured, and the page says when it shows only the end.
     */
    static final int OUTPUT_CHARS_IN_PAGE = 64 * 1024;

    private static final String TEMPLATE = loadTemplate();

    private HtmlReportWriter() {
    }

    /** {@code diff} may be null (no baseline); {@code history} may be {@link History#EMPTY}. */
    static void write(RunResults results, RunDiff diff, History history, Path target) throws IOException {
        String json = embeddable(data(results, diff, history));
        int at = TEMPLATE.indexOf(PLACEHOLDER);
        // Spliced, not String.replace: the data must never be searched for the placeholder or for '$' groups.
        AtomicFiles.write(target, out -> {
            out.write(TEMPLATE, 0, at);
            out.write(json);
            out.write(TEMPLATE, at + PLACEHOLDER.length(), TEMPLATE.length() - at - PLACEHOLDER.length());
        });
    }

    /**
     * JSON made safe inside {@code <script type="application/json">}: an HTML parser ends that element at the first
     * {@code </script}, whatever the JSON means, and JavaScript once treated U+2028/U+2029 as line ends. In JSON
     * these characters only occur inside strings, where {@code \}{@code u003c} means the same to JSON.parse, so
     * replacing them everywhere changes no value.
     */
    static String embeddable(String json) {
        StringBuilder out = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String data(RunResults results, RunDiff diff, History history) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode doc = nodes.objectNode();
        doc.put("schemaVersion", ResultsJson.SCHEMA_VERSION);
        doc.set("run", ResultsJson.run(results.run(), results.finishedAt(), results.interrupted()));
        ObjectNode counts = doc.putObject("counts");
        results.counts().forEach((status, n) -> counts.put(status.name(), n));
        ArrayNode hosts = doc.putArray("hosts");
        results.hosts().forEach(h -> hosts.add(ResultsJson.host(h)));
        ArrayNode images = doc.putArray("images");
        results.images().forEach(i -> images.add(ResultsJson.image(i)));
        doc.set("inventories", pageInventories(results));
        doc.set("layout", layout(results));
        ArrayNode cells = doc.putArray("cells");
        for (CellResult cell : results.cells()) {
            ObjectNode node = ResultsJson.cell(cell);
            node.withArray("steps").forEach(step -> {
                capOutput((ObjectNode) step.get("stdout"));
                capOutput((ObjectNode) step.get("stderr"));
            });
            cells.add(node);
        }
        TriageView triage = TriageView.of(results);
        doc.set("triage", triage == null ? nodes.nullNode() : TriageJson.page(triage));
        doc.set("history", history(history));
        doc.set("diff", diff == null ? nodes.nullNode() : diff(diff));
        try {
            return ResultsJson.MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the end of a long output: that is where the error is. */
    private static void capOutput(ObjectNode output) {
        String text = output.get("text").asText();
        if (text.length() > OUTPUT_CHARS_IN_PAGE) {
            int from = text.length() - OUTPUT_CHARS_IN_PAGE;
            if (Character.isLowSurrogate(text.charAt(from))) {
                from++;
            }
            output.put("text", text.substring(from));
            output.put("omittedChars", from);
        }
    }

    /**
     * Rows and columns, stable across runs so yesterday's page and today's line up: scenarios sorted by id; hosts and
     * their images in the order the run planned its cells (the matrix's order; cells are stored in plan order), then
     * any host or image that only facts name. Facts arrive as probes finish, in a different order each run, so
     * their order alone would swap columns from one night to the next.
     */
    static ObjectNode layout(RunResults results) {
        Set<String> scenarios = new TreeSet<>();
        Map<String, Set<String>> imagesByHost = new LinkedHashMap<>();
        for (CellResult c : results.cells()) {
            scenarios.add(c.scenario());
            imagesByHost.computeIfAbsent(c.host(), k -> new LinkedHashSet<>()).add(c.image());
        }
        for (HostFacts h : results.hosts()) {
            imagesByHost.computeIfAbsent(h.host(), k -> new LinkedHashSet<>());
        }
        for (ImageFacts i : results.images()) {
            imagesByHost.computeIfAbsent(i.host(), k -> new LinkedHashSet<>()).add(i.image());
        }
        ObjectNode layout = JsonNodeFactory.instance.objectNode();
        ArrayNode rows = layout.putArray("scenarios");
        scenarios.forEach(rows::add);
        ArrayNode hosts = layout.putArray("hosts");
        imagesByHost.forEach((host, images) -> {
            ObjectNode h = hosts.addObject();
            h.put("name", host);
            ArrayNode list = h.putArray("images");
            images.forEach(list::add);
        });
        return layout;
    }

    /**
     * imageId -> {manager, sbom, packages: [[name, version, arch, source]], staticBinaries: [[path, version]]}: what
     * an image header's "packages" link opens (searchable). Arrays, not objects: 20 images of 500 packages each.
     */
    private static ObjectNode pageInventories(RunResults results) {
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        for (ImageFacts i : results.images()) {
            if (i.packages() == null || i.imageId() == null || all.has(i.imageId())) {
                continue;
            }
            ObjectNode inv = all.putObject(i.imageId());
            inv.put("manager", i.packages().manager().name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode packages = inv.putArray("packages");
            i.packages().packages().forEach(p -> packages.addArray().add(Text.clean(p.name())).add(Text.clean(p.version()))
                    .add(Text.clean(p.arch())).add(Text.clean(p.source())));
            ArrayNode binaries = inv.putArray("staticBinaries");
            i.packages().staticBinaries().forEach(b -> binaries.addArray().add(Text.clean(b.path())).add(Text.clean(b.version())));
        }
        return all;
    }

    private static ObjectNode history(History history) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode runs = node.putArray("runs");
        history.runs().forEach(r -> runs.addObject().put("id", r.id()).put("startedAt", r.startedAt().toString()));
        ObjectNode cells = node.putObject("cells");
        // One character a run keeps ten runs of ten thousand cells small in the page.
        history.byCell().forEach((id, statuses) -> cells.put(id, marks(statuses)));
        return node;
    }

    static String marks(List<Status> statuses) {
        StringBuilder out = new StringBuilder(statuses.size());
        for (Status s : statuses) {
            out.append(s == null ? '-' : switch (s) {
                case PASS -> 'P';
                case FAIL -> 'F';
                case ERROR -> 'E';
                case SKIP -> 'S';
                case XFAIL -> 'x';
                case XPASS -> 'X';
                case FLAKY -> 'K';
            });
        }
        return out.toString();
    }

    private static ObjectNode diff(RunDiff diff) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("baseline", diff.baselineRunId());
        node.put("current", diff.currentRunId());
        node.put("summary", DiffWriter.summary(diff));
        ArrayNode changes = node.putArray("changes");
        for (RunDiff.CellChange change : diff.changes()) {
            ObjectNode c = changes.addObject();
            c.put("kind", change.kind().name());
            c.put("cellId", change.cellId());
            c.put("before", change.before() == null ? null : change.before().name());
            c.put("after", change.after() == null ? null : change.after().name());
            c.put("message", Text.oneLine(change.message(), 400));
            c.set("facts", facts(change.facts()));
            ArrayNode causes = c.putArray("likelyCauses");
            change.likelyCauses().forEach(k -> causes.add(Text.clean(DriftText.cause(k))));
        }
        ArrayNode drifts = node.putArray("drifts");
        for (RunDiff.ImageDrift d : diff.imageDrifts()) {
            ObjectNode n = drifts.addObject().put("heading", Text.clean(DriftText.heading(d))).put("counts", Text.clean(DriftText.counts(d)));
            ArrayNode lines = n.putArray("lines");
            DriftText.packageLines(d).forEach(l -> lines.add(Text.clean(l)));
        }
        // Counted, not listed: the cells one run did not run (issue 13). One entry for each run that has some.
        ArrayNode notRun = node.putArray("notRun");
        notRun(notRun, "baseline", diff.notRunInBaseline());
        notRun(notRun, "current", diff.notRunInCurrent());
        node.set("hostChanges", facts(diff.hostChanges()));
        node.set("imageChanges", facts(diff.imageChanges()));
        return node;
    }

    private static void notRun(ArrayNode into, String run, RunDiff.NotRun notRun) {
        if (notRun.count() > 0) {
            into.addObject().put("run", run).put("runId", Text.clean(notRun.runId())).put("count", notRun.count())
                    .put("reason", Text.clean(notRun.reason()));
        }
    }

    private static ArrayNode facts(List<RunDiff.FactChange> facts) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (RunDiff.FactChange f : facts) {
            array.addObject().put("subject", Text.clean(f.subject())).put("fact", f.fact())
                    .put("before", Text.clean(f.before())).put("after", Text.clean(f.after()));
        }
        return array;
    }

    private static String loadTemplate() {
        try (InputStream in = HtmlReportWriter.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html template missing from the classpath beside "
                        + HtmlReportWriter.class.getName());
            }
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int first = template.indexOf(PLACEHOLDER);
            if (first < 0 || template.indexOf(PLACEHOLDER, first + 1) >= 0) {
                throw new IllegalStateException("the index.html template must hold " + PLACEHOLDER + " exactly once");
            }
            return template;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
