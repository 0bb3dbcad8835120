package io.crosshost.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parses the page with jsoup, an HTML5 parser that splits elements where a browser would. */
class HtmlReportWriterTest {

    @TempDir
    Path dir;

    private Document write(RunResults run, RunDiff diff, History history) throws Exception {
        Path page = dir.resolve("index.html");
        HtmlReportWriter.write(run, diff, history, page);
        return Jsoup.parse(page.toFile(), "UTF-8");
    }

    @Test
    void hostileOutputNeverLeavesTheDataBlock() throws Exception {
        RunResults run = SyntheticResults.allStatuses();
        Document doc = write(run, null, History.EMPTY);

        // Exactly the page's own two scripts: the data block and the renderer. An output that ended the data
        // block early would add a third script (its "<script>alert(1)") or cut the data short.
        assertThat(doc.select("script")).hasSize(2);
        assertThat(doc.select("textarea, b, iframe, img, object")).isEmpty();
        Element data = doc.getElementById("crosshost-data");
        assertThat(data).isNotNull();
        assertThat(data.attr("type")).isEqualTo("application/json");
        String json = data.data();
        assertThat(json).doesNotContain("<", ">", "&", "\u2028", "\u2029");
        // Outside the data block, nothing from the run appears as markup or text.
        data.remove();
        assertThat(doc.outerHtml()).doesNotContain("alert(1)", "</textarea>", "bold");
    }

    @Test
    void embeddedDataSurvivesTheRoundTrip() throws Exception {
        RunResults run = SyntheticResults.allStatuses();
        Document doc = write(run, null, History.EMPTY);

        JsonNode data = ResultsJson.MAPPER.readTree(doc.getElementById("crosshost-data").data());
        JsonNode expected = ResultsJson.MAPPER.readTree(HtmlReportWriter.data(run, null, History.EMPTY));
        assertThat(data).isEqualTo(expected);
        JsonNode fail = data.path("cells").get(1);
        assertThat(fail.path("message").asText()).contains(SyntheticResults.HOSTILE);
        assertThat(fail.path("status").asText()).isEqualTo("FAIL");
        assertThat(data.path("counts").path("XPASS").asInt()).isEqualTo(run.counts().get(Status.XPASS));
        assertThat(data.path("layout").path("scenarios")).hasSize(4);
        assertThat(data.path("layout").path("hosts").get(1).path("name").asText()).isEqualTo("docker-legacy");
    }

    @Test
    void columnsFollowThePlanNotTheOrderFactsArrivedIn() {
        RunResults run = SyntheticResults.allStatuses();
        // Probes finish in any order: tonight docker-legacy's facts came first.
        List<HostFacts> hosts = new ArrayList<>(run.hosts());
        List<ImageFacts> images = new ArrayList<>(run.images());
        Collections.reverse(hosts);
        Collections.reverse(images);
        RunResults reversed = new RunResults(run.run(), run.finishedAt(), false, hosts, images, run.cells());

        JsonNode layout = HtmlReportWriter.layout(reversed).path("hosts");

        assertThat(layout.findValuesAsText("name")).containsExactly("docker", "docker-legacy");
        assertThat(layout.get(0).path("images")).extracting(JsonNode::asText).containsExactly("debian-11", "debian-13");
    }

    @Test
    void longOutputKeepsItsEndInThePageAndSaysWhatIsLeftOut() throws Exception {
        RunResults run = SyntheticResults.allStatuses();
        JsonNode data = ResultsJson.MAPPER.readTree(write(run, null, History.EMPTY)
                .getElementById("crosshost-data").data());

        JsonNode stdout = data.path("cells").get(1).path("steps").get(1).path("stdout");
        assertThat(stdout.path("text").asText()).hasSize(HtmlReportWriter.OUTPUT_CHARS_IN_PAGE).endsWith("END");
        assertThat(stdout.path("omittedChars").asInt())
                .isEqualTo(SyntheticResults.MIB - HtmlReportWriter.OUTPUT_CHARS_IN_PAGE);
    }

    @Test
    void thePageLoadsNothingFromTheNetwork() throws Exception {
        Document doc = write(SyntheticResults.ofSize(40), null, History.EMPTY);

        assertThat(doc.select("link, iframe, img, [src]")).isEmpty();
        assertThat(doc.select("script").eachAttr("src")).isEmpty();
        assertThat(doc.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .contains("default-src 'none'");
        assertThat(doc.html()).doesNotContain("http://", "//cdn", "@import");
    }

    @Test
    void historyAndDiffAreEmbeddedWhenThereAreAny() throws Exception {
        RunResults before = SyntheticResults.ofSize(20);
        var changed = before.cells().stream()
                .map(c -> c.cellId().endsWith("debian-11@docker") ? SyntheticResults.withStatus(c, Status.FAIL) : c)
                .toList();
        RunResults now = SyntheticResults.withCells(before, "tonight", SyntheticResults.T0.plusSeconds(86400),
                changed, before.hosts(), before.images());
        History history = new History(List.of(new History.PastRun("yesterday", SyntheticResults.T0,
                java.util.Map.of())), java.util.Map.of(changed.get(0).cellId(), List.of(Status.PASS)));

        JsonNode data = ResultsJson.MAPPER.readTree(write(now, RunDiff.between(before, now), history)
                .getElementById("crosshost-data").data());

        assertThat(data.path("history").path("cells").path(changed.get(0).cellId()).asText()).isEqualTo("P");
        assertThat(data.path("diff").path("baseline").asText()).isEqualTo(before.run().runId());
        assertThat(data.path("diff").path("changes").get(0).path("kind").asText()).isEqualTo("REGRESSION");
        assertThat(HtmlReportWriter.marks(java.util.Arrays.asList(Status.PASS, null, Status.FLAKY, Status.XFAIL)))
                .isEqualTo("P-Kx");
    }

    @Test
    void aHostileTriageNeverLeavesTheDataBlockEither() throws Exception {
        RunResults plain = SyntheticResults.allStatuses();
        RunResults run = plain.withTriage(SyntheticResults.triageOf(plain, SyntheticResults.HOSTILE));
        Document doc = write(run, null, History.EMPTY);

        assertThat(doc.select("script")).hasSize(2);
        assertThat(doc.select("textarea, b, iframe, img, object")).isEmpty();
        Element data = doc.getElementById("crosshost-data");
        assertThat(data.data()).doesNotContain("<", ">", "&", "\u2028", "\u2029");
        JsonNode triage = ResultsJson.MAPPER.readTree(data.data()).path("triage");
        assertThat(triage.path("causes").get(1).path("cause").asText()).endsWith(SyntheticResults.HOSTILE);
        data.remove();
        assertThat(doc.outerHtml()).doesNotContain("alert(1)", "</textarea>", "bold");
    }

    @Test
    void theTriageIsEmbeddedWithEachCausesCulpritsAndActions() throws Exception {
        RunResults plain = SyntheticResults.allStatuses();
        RunResults run = plain.withTriage(SyntheticResults.triageOf(plain, "x"));

        JsonNode data = ResultsJson.MAPPER.readTree(write(run, null, History.EMPTY)
                .getElementById("crosshost-data").data());

        JsonNode triage = data.path("triage");
        assertThat(triage.path("headline").asText()).isEqualTo("7 cells triaged, 2 causes");
        assertThat(triage.path("cost").asText()).isEqualTo("triage: 19 reruns and 8 probe containers in 32.9 s");
        assertThat(triage.path("cells")).hasSize(7);
        JsonNode seccomp = triage.path("groups").get(0);
        assertThat(seccomp.path("culprits")).extracting(JsonNode::asText)
                .containsExactly("faccessat2 (EPERM)", "libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14");
        assertThat(seccomp.path("confirmed")).hasSize(1);
        assertThat(seccomp.path("suggestions").get(0).asText()).startsWith("upgrade docker-legacy");
        assertThat(write(plain, null, History.EMPTY).getElementById("crosshost-data").data())
                .contains("\"triage\":null");
    }

    @Test
    void embeddingEscapesExactlyWhatCanEndAScriptElement() {
        assertThat(HtmlReportWriter.embeddable("{\"a\":\"</script><!-- & \u2028\u2029\"}"))
                .isEqualTo("{\"a\":\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029\"}");
    }

    @Test
    void tenThousandCellsMakeOnePageOfReasonableSize() throws Exception {
        RunResults run = SyntheticResults.ofSize(10_000);
        Path page = dir.resolve("index.html");

        long start = System.nanoTime();
        HtmlReportWriter.write(run, null, History.EMPTY, page);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(Files.size(page)).isLessThan(16L * 1024 * 1024);
        assertThat(millis).as("writing the page takes %d ms", millis).isLessThan(10_000);
        JsonNode data = ResultsJson.MAPPER.readTree(Jsoup.parse(page.toFile(), "UTF-8")
                .getElementById("crosshost-data").data());
        assertThat(data.path("cells")).hasSize(10_000);
        assertThat(data.path("layout").path("scenarios")).hasSize(500);
    }
}
