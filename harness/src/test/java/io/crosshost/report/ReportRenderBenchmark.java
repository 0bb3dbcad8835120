package io.crosshost.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's render budget, as a benchmark (harness/bench/report-render.sh runs it; its name keeps it out of CI's
 * test runs): 10,000 cells with ten nights of history, from navigation start to the grid's first frame, in under
 * 3 s. Five loads, judged by the fastest: other work on the machine only ever adds time, so the fastest load is the
 * page's own cost, and a slow page is slow every time. Every load is printed.
 */
class ReportRenderBenchmark {

    private static final long RENDER_BUDGET_MS = 3_000;
    private static final int LOADS = Integer.getInteger("crosshost.bench.loads", 5);

    @Test
    void tenThousandCellsPaintWithinThreeSeconds(@TempDir Path dir) throws Exception {
        Path page = TenThousandCellPage.write(dir);
        HeadlessChromium chromium = new HeadlessChromium(Files.createDirectories(dir.resolve("chromium")));
        List<TenThousandCellPage.Load> loads = new ArrayList<>();
        for (int i = 0; i < LOADS; i++) {
            loads.add(TenThousandCellPage.load(chromium, page));
        }
        List<Long> painted = loads.stream().map(TenThousandCellPage.Load::paintMs).sorted().toList();
        System.out.println("10,000 cells, navigation start to the first frame with the grid: fastest " + painted.get(0)
                + " ms, median " + painted.get(painted.size() / 2) + " ms, slowest " + painted.get(painted.size() - 1)
                + " ms; " + loads);
        assertThat(painted.get(0)).as("ms from navigation start to the grid's first frame, 10,000 cells: %s", loads)
                .isLessThan(RENDER_BUDGET_MS);
    }
}
