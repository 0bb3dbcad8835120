package io.crosshost.report;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A nightly page of 10,000 synthetic cells with ten nights of history (each cell also draws its history bar), and one
 * load of it in headless Chromium read back from the page's own timing attributes. ReportBrowserIT loads it once to
 * prove the whole grid renders; ReportRenderBenchmark loads it several times against the render budget (timing is a
 * benchmark's job, not CI's: a loaded 2-core CI machine only ever adds time).
 */
final class TenThousandCellPage {

    static final int CELLS = 10_000;

    /** One load: milliseconds from navigation start to the grid built and to its first frame, and the browser's life. */
    record Load(long renderedMs, long paintMs, String scriptMs, long browserMs) {
        @Override
        public String toString() {
            return "grid built " + renderedMs + " ms, first frame " + paintMs + " ms (script " + scriptMs
                    + " ms, browser process " + browserMs + " ms)";
        }
    }

    private TenThousandCellPage() {
    }

    static Path write(Path dir) throws Exception {
        RunResults run = SyntheticResults.ofSize(CELLS);
        Path page = dir.resolve("big/index.html");
        Files.createDirectories(page.getParent());
        HtmlReportWriter.write(run, null, SyntheticResults.historyOf(run, ReportListener.DEFAULT_HISTORY_DEPTH), page);
        return page;
    }

    /** Loads the page and checks that the script built every cell and that its clock is the real one. */
    static Load load(HeadlessChromium chromium, Path page) throws Exception {
        HeadlessChromium.Dump dump = chromium.dumpDom(page.toUri());
        Document dom = Jsoup.parse(dump.dom());
        assertThat(dom.getElementById("grid").attr("data-rendered")).isEqualTo(String.valueOf(CELLS));
        assertThat(dom.select("#gbody tr")).as("rows of the grid's first screen").isNotEmpty();
        Element html = dom.selectFirst("html");
        long rendered = Long.parseLong(html.attr("data-rendered-ms"));
        long paint = Long.parseLong(html.attr("data-paint-ms"));
        // Real milliseconds, not --virtual-time-budget's clock: a clock fast-forwarded through the budget would read
        // more than the whole browser process lived.
        assertThat(paint).isPositive().isGreaterThanOrEqualTo(rendered).isLessThanOrEqualTo(dump.wallMillis());
        return new Load(rendered, paint, html.attr("data-render-ms"), dump.wallMillis());
    }
}
