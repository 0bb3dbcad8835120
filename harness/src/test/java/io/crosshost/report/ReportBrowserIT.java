package io.crosshost.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.crosshost.cli.CrosshostCommand;
import io.crosshost.result.Status;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report page in a real browser (issue 5, "Done when"): a real lab run written through the CLI reads right in
 * headless Chromium, container output that is markup stays text and never runs, and 10,000 cells render (how fast: ReportRenderBenchmark).
 * jsoup tests of the page (HtmlReportWriterTest) cannot see what the page's own script builds; these can.
 */
class ReportBrowserIT {

    private static final Path MATRIX = Path.of("src/test/resources/fixtures/browser/matrices/browser.yaml")
            .toAbsolutePath();
    /** What the hostile-output scenario prints: a script, an element end, and an event handler. */
    private static final String HOSTILE = "<script>window.__pwned=1;document.title='pwned'</script></textarea>"
            + "<img src=x onerror=\"window.__pwned=2\">";
    private static final String FAILING = "exec-bit/debian-13@docker-legacy";
    private static final String HOSTILE_CELL = "hostile-output/debian-11@docker";
    /** Kept by Maven after the build, for a person (or CI's artifacts) to look at. */
    private static final Path SCREENSHOT = Path.of("target/report-screenshot.png").toAbsolutePath();
    private static final Path PANEL_SCREENSHOT = Path.of("target/report-screenshot-cell.png").toAbsolutePath();
    private static final Path TRIAGE_SCREENSHOT = Path.of("target/report-screenshot-triage.png").toAbsolutePath();

    /**
     * Inserted first into the page's head: records every write to {@code window.__pwned} where --dump-dom can see it,
     * and marks itself armed, so "no data-pwned" means nothing wrote it, not that the probe never ran.
     */
    private static final String PROBE = "<script>document.documentElement.setAttribute('data-probe','armed');"
            + "Object.defineProperty(window,'__pwned',{set:function(v){var h=document.documentElement,"
            + "o=h.getAttribute('data-pwned');h.setAttribute('data-pwned',(o?o+',':'')+v);}});</script>";
    private static final String PROBE_AT = "<meta charset=\"utf-8\">";

    @TempDir
    Path dir;

    @Test
    void aRealLabRunReadsRightAndItsOutputNeverRuns() throws Exception {
        Path reports = dir.resolve("reports");
        int exit = CrosshostCommand.execute("run", "-m", MATRIX.toString(), "--reports", reports.toString());
        assertThat(exit).as("crosshost run exits 1 on the unexpected failures").isEqualTo(1);
        Path runDir = reports.resolve("latest");
        JsonNode results = ResultsJson.MAPPER.readTree(runDir.resolve("results.json").toFile());
        Map<String, String> expected = new TreeMap<>();
        results.path("cells").forEach(c -> expected.put(c.path("id").asText(), c.path("status").asText()));
        // The lab's faccessat2 grid: the one real failure, plus the four hostile cells that fail by design.
        assertThat(expected).hasSize(12).containsEntry(FAILING, "FAIL").containsEntry(HOSTILE_CELL, "FAIL")
                .containsEntry("exec-bit/debian-11@docker-legacy", "PASS")
                .containsEntry("exec-bit/debian-13@docker", "PASS");

        Path page = runDir.resolve("index.html");
        HeadlessChromium chromium = new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")));
        Document grid = Jsoup.parse(chromium.dumpDom(probed(page).toUri()).dom());

        assertNothingRan(grid, results);
        assertThat(grid.getElementById("grid").attr("data-rendered")).isEqualTo("12");
        // Columns in the matrix's order, every run, whatever order the hosts' probes finished in.
        assertThat(grid.select("#ghead th.host").stream().map(Element::ownText))
                .containsExactly("docker", "docker-legacy");
        assertThat(gridOf(grid)).as("the grid as shown, cell by cell").containsExactlyEntriesOf(expected);
        assertThat(grid.select("#gbody th.scn:contains(exec-bit) .tag").eachText())
                .containsExactly("faccessat2", "glibc");
        for (Status s : Status.values()) {
            int n = results.path("counts").path(s.name()).asInt();
            assertThat(grid.select("#gbody td.c.s-" + s)).as("%s cells in the grid", s).hasSize(n);
            assertThat(grid.select("#chips .chip[data-status=" + s + "] .n").text()).as("%s chip", s)
                    .isEqualTo(String.valueOf(n));
        }
        assertThat(grid.select("#problems li")).hasSize(5);
        // Hostile text as text wherever the page shows a message: the list of unexpected results is built as markup.
        assertThat(grid.select("#problems li").text()).contains(HOSTILE);

        Document hostile = Jsoup.parse(chromium.dumpDom(cell(probed(page), HOSTILE_CELL)).dom());
        assertNothingRan(hostile, results);
        Element panel = hostile.getElementById("panel");
        assertThat(panel.hasAttr("hidden")).as("the #cell= link opens the panel").isFalse();
        assertThat(panel.select("h3").text()).contains(HOSTILE_CELL);
        assertThat(panel.select("pre").eachText().stream().map(String::strip)).as("panel outputs")
                .contains(HOSTILE);
        assertThat(panel.select(".repro pre").text()).contains("--network none", "crosshost.test/debian:11");

        Document failing = Jsoup.parse(chromium.dumpDom(cell(page, FAILING)).dom());
        Element failPanel = failing.getElementById("panel");
        assertThat(failPanel.select("h3 .badge").text()).isEqualTo("FAIL");
        assertThat(failPanel.select("h3").text()).contains(FAILING);
        assertThat(failPanel.select("pre.message").first().text()).contains("exit code").contains("to contain")
                .contains("\"ok\"");
        assertThat(failing.select("#gbody td.sel").text()).isEqualTo("FAIL");

        chromium.screenshot(page.toUri(), SCREENSHOT, 1500, 1000);
        chromium.screenshot(cell(page, FAILING), PANEL_SCREENSHOT, 1500, 1000);
    }

    /**
     * The moved tag of issue 15 on the page (synthetic, no lab: DriftTest's nights from the lab's recorded Debian 11 and
     * 12 inventories): the image header links its packages, {@code #packages=IMAGE@HOST&q=TERM} opens them searched,
     * and the baseline diff shows the drift and each regression's likely causes.
     */
    @Test
    void anImageHeaderOpensItsPackagesSearchableAndTheDiffShowsWhatMoved() throws Exception {
        String old = "sha256:" + "1".repeat(64);
        String now = "sha256:" + "2".repeat(64);
        io.crosshost.result.HostFacts legacy = SyntheticResults.host("docker-legacy", "20.10.24", "6.18");
        java.util.function.BiFunction<Integer, String, RunResults> night = (release, digest) -> {
            io.crosshost.result.CellResult c = SyntheticResults.cell("faccessat2-access-check", "base", "docker-legacy",
                    release == 11 ? Status.PASS : Status.FAIL, release == 11 ? null : "x-ok missing", "", "", SyntheticResults.T0);
            c = new io.crosshost.result.CellResult(c.cellId(), c.scenario(), c.image(), c.host(), c.status(), c.message(), c.steps(),
                    c.startedAt(), c.duration(), 1, c.containerId(), digest, c.reproducer(), null, null, List.of("seccomp", "syscalls"));
            return SyntheticResults.withCells(null, "night-" + release, SyntheticResults.T0, List.of(c), List.of(legacy),
                    List.of(DriftTest.base("docker-legacy", digest, release)));
        };
        RunResults baseline = night.apply(11, old);
        RunResults current = night.apply(12, now);
        Path runDir = dir.resolve("reports").resolve("night-12");
        Reports.writeAll(current, runDir, baseline, null, 0);
        Path page = runDir.resolve("index.html");
        HeadlessChromium chromium = new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")));

        // One browser start for all of it (each costs seconds): the grid and the diff render under an open panel too.
        Document grid = Jsoup.parse(chromium.dumpDom(URI.create(page.toUri() + "#packages=base%40docker-legacy&q=glibc")).dom());
        int packages = DriftTest.debian(12).packages().size();
        assertThat(grid.select("#ghead th.img a.pk").text()).isEqualTo(packages + " dpkg packages");
        assertThat(grid.select("#diff ol.causes li").first().text())
                .isEqualTo("libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14 (upgraded: the C library makes the system calls that a seccomp profile filters)");
        assertThat(grid.select("#diff details.drift summary").text())
                .isEqualTo("image base on docker-legacy: sha256:111111111111 -> sha256:222222222222 — 104 package changes: 8 added, 16 removed, 80 upgraded, 0 downgraded");
        assertThat(grid.select("#diff details.drift li").eachText()).hasSize(104).contains("upgraded libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14"); // jsoup folds the padding

        Element panel = grid.getElementById("panel");
        assertThat(panel.hasAttr("hidden")).as("#packages= opens the panel").isFalse();
        assertThat(panel.attr("data-packages")).isEqualTo("base@docker-legacy");
        assertThat(panel.select("a").attr("href")).isEqualTo("sbom/base-222222222222.cdx.json");
        // Searched by source: glibc's packages only.
        assertThat(panel.select("table.pk-list tbody td:eq(0)").eachText()).containsExactlyInAnyOrder("libc-bin", "libc6");
        assertThat(panel.select(".note").eachText()).contains("2 of " + packages + " shown");
    }

    /**
     * A triaged run (synthetic, no lab): the causes above the grid, a cause's cells alone in the grid from
     * {@code #cause=N}, a cell's verdict with confirmed and suggested actions apart in its panel; and triage text
     * that is markup (in a cause, a summary, an action) stays text and never runs.
     */
    @Test
    void aTriagedRunShowsItsCausesAndVerdictsAndTheirTextNeverRuns() throws Exception {
        RunResults plain = SyntheticResults.allStatuses();
        io.crosshost.result.RunTriage triage = SyntheticResults.triageOf(plain, HOSTILE);
        Path runDir = dir.resolve("reports").resolve(plain.run().runId());
        Reports.writeAll(plain, runDir, null, null, 0);
        RunTriageFile.write(runDir, triage);
        Reports.rewrite(runDir);
        JsonNode results = ResultsJson.MAPPER.readTree(runDir.resolve("results.json").toFile());
        Path page = runDir.resolve("index.html");
        HeadlessChromium chromium = new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")));

        Document dom = Jsoup.parse(chromium.dumpDom(probed(page).toUri()).dom());
        assertNothingRan(dom, results);
        assertThat(dom.getElementById("triage").hasAttr("hidden")).isFalse();
        assertThat(dom.select("#triage h2").text()).startsWith("Triage: 7 cells triaged, 2 causes")
                .endsWith("triage: 19 reruns and 8 probe containers in 32.9 s");
        assertThat(dom.select("#triage .cause")).hasSize(2);
        Element caps = dom.select("#triage .cause").get(1);
        assertThat(caps.select(".count").text()).isEqualTo("4 cells");
        assertThat(caps.select(".what").text()).isEqualTo("CAP_MKNOD missing on docker " + HOSTILE);
        assertThat(caps.select(".act.confirmed").text()).isEqualTo("✓ confirmed by a rerun");
        assertThat(caps.select(".actions li").eachText()).containsExactly("✓ confirmed by a rerun cap_add: [MKNOD]",
                "suggestion ask the host's owner " + HOSTILE);
        assertThat(caps.select(".cells a")).hasSize(4);
        assertThat(dom.select("#gbody td.tri")).as("a mark on each triaged cell").hasSize(7);
        assertThat(dom.select("#problems li .comp").eachText()).as("each unexpected result's component")
                .hasSize(7).contains("SECCOMP", "CAPABILITIES", "ENGINE");
        assertThat(dom.getElementById("cause-filter").hasAttr("hidden")).isTrue();

        Document filtered = Jsoup.parse(chromium.dumpDom(URI.create(probed(page).toUri() + "#cause=1")).dom());
        assertNothingRan(filtered, results);
        assertThat(filtered.getElementById("cause-filter").hasAttr("hidden")).isFalse();
        assertThat(filtered.getElementById("cause-filter").text()).contains("only the 4 cells of the cause");
        assertThat(filtered.select("#gbody td.hl")).hasSize(4);
        assertThat(filtered.select("#gbody td.c:not(.dim)")).as("only the cause's cells are shown").hasSize(4);
        assertThat(filtered.select("#triage .cause.on .count").text()).isEqualTo("4 cells");

        String seccompCell = triage.causes().get(0).cellIds().get(0);
        Document panel = Jsoup.parse(chromium.dumpDom(cell(probed(page), seccompCell)).dom());
        assertNothingRan(panel, results);
        Element verdict = panel.selectFirst("#panel .verdict");
        assertThat(verdict).as("the verdict in %s's panel", seccompCell).isNotNull();
        assertThat(verdict.select(".comp").text()).isEqualTo("SECCOMP");
        assertThat(verdict.select("code.culprit").eachText())
                .containsExactly("faccessat2 (EPERM)", "libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14");
        assertThat(verdict.select(".act.confirmed")).hasSize(1);
        assertThat(verdict.select(".act.suggestion")).hasSize(1);
        assertThat(verdict.select("button").text()).startsWith("Show the cell of the cause: faccessat2");
        assertThat(panel.select("#panel h4").eachText()).as("the verdict replaces the triage command")
                .doesNotContain("Which component breaks it");

        chromium.screenshot(URI.create(page.toUri() + "#cause=1"), TRIAGE_SCREENSHOT, 1400, 1000);
    }

    /**
     * The control for the test above: the same payload written raw into a page with the report's own
     * Content-Security-Policy does run, and the probe sees both writes. So the report is safe because it escapes,
     * not because the policy, the browser or the time budget would have stopped the payload anyway.
     */
    @Test
    void theProbeCatchesThePayloadWhenAPageDoesNotEscapeIt() throws Exception {
        String csp;
        try (InputStream template = HtmlReportWriter.class.getResourceAsStream("index.html")) {
            csp = Jsoup.parse(new String(template.readAllBytes(), StandardCharsets.UTF_8))
                    .selectFirst("meta[http-equiv=Content-Security-Policy]").outerHtml();
        }
        Path raw = dir.resolve("raw.html");
        Files.writeString(raw, "<!DOCTYPE html><html><head>" + PROBE_AT + PROBE + csp
                + "<title>control</title></head><body><pre>" + HOSTILE + "</pre></body></html>");

        Document dom = Jsoup.parse(new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")))
                .dumpDom(raw.toUri()).dom());

        assertThat(dom.title()).isEqualTo("pwned");
        assertThat(dom.selectFirst("html").attr("data-pwned")).isEqualTo("1,2");
    }

    /**
     * The whole grid of a 10,000-cell nightly page is built by its script in a real browser. How fast is the
     * benchmark's (ReportRenderBenchmark, harness/bench/report-render.sh); one load here, its times printed.
     */
    @Test
    void tenThousandCellsRender() throws Exception {
        Path page = TenThousandCellPage.write(dir);
        HeadlessChromium chromium = new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")));

        TenThousandCellPage.Load load = TenThousandCellPage.load(chromium, page);

        System.out.println("10,000 cells, one load (not a benchmark): " + load);
    }

    /** What a person sees: scenario/image@host to the status its cell shows, read from the headers and rows. */
    private static Map<String, String> gridOf(Document dom) {
        List<String> columns = new ArrayList<>();
        Iterator<Element> images = dom.select("#ghead tr.images th.img").iterator();
        for (Element host : dom.select("#ghead tr.hosts th.host")) {
            for (int k = Integer.parseInt(host.attr("colspan")); k > 0; k--) {
                columns.add(images.next().ownText() + "@" + host.ownText());
            }
        }
        Map<String, String> grid = new TreeMap<>();
        for (Element row : dom.select("#gbody tr")) {
            String scenario = row.selectFirst("th.scn").ownText();
            List<Element> cells = row.select("td");
            assertThat(cells).hasSameSizeAs(columns);
            for (int j = 0; j < cells.size(); j++) {
                Element td = cells.get(j);
                if (td.hasClass("none")) {
                    continue;
                }
                String status = td.classNames().stream().filter(c -> c.startsWith("s-")).findFirst().orElseThrow()
                        .substring(2);
                assertThat(td.text()).as("label of %s", scenario + "/" + columns.get(j)).isEqualToIgnoringCase(status);
                grid.put(scenario + "/" + columns.get(j), status);
            }
        }
        return grid;
    }

    /**
     * No script from the run's output ran: the probe saw no write, the title is the one the page sets, and the page
     * holds exactly its own scripts and no element the output spelled.
     */
    private static void assertNothingRan(Document dom, JsonNode results) {
        int unexpected = results.path("counts").path("FAIL").asInt() + results.path("counts").path("ERROR").asInt()
                + results.path("counts").path("XPASS").asInt();
        assertThat(dom.selectFirst("html").attr("data-probe")).as("probe ran").isEqualTo("armed");
        assertThat(dom.selectFirst("html").hasAttr("data-pwned")).as("window.__pwned was written: "
                + dom.selectFirst("html").attr("data-pwned")).isFalse();
        assertThat(dom.title()).isEqualTo("Crosshost " + results.path("run").path("id").asText() + " \u2014 "
                + unexpected + " unexpected");
        assertThat(dom.select("script")).hasSize(3); // the probe, the data block and the page's renderer
        assertThat(dom.select("img, textarea, [onerror]")).isEmpty();
    }

    /** A copy of the page beside it with the probe first in its head. */
    private static Path probed(Path page) throws Exception {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).containsOnlyOnce(PROBE_AT);
        Path copy = page.resolveSibling("probed.html");
        Files.writeString(copy, html.replace(PROBE_AT, PROBE_AT + PROBE), StandardCharsets.UTF_8);
        return copy;
    }

    private static URI cell(Path page, String cellId) {
        return URI.create(page.toUri() + "#cell=" + URLEncoder.encode(cellId, StandardCharsets.UTF_8));
    }
}
