package io.crosshost.report;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's Chromium, headless, one process per page: the DOM after the page's scripts ran, or a screenshot. Every
 * run gets a fresh profile, so no state leaks from one page to the next.
 */
final class HeadlessChromium {

    /** Where .ci/run installs it ({@code apt-get install chromium}); {@code -Dcrosshost.chromium} for another. */
    static final Path BINARY = Path.of(System.getProperty("crosshost.chromium", "/usr/bin/chromium"));

    /**
     * Virtual time lets timers and failed image loads (an onerror handler) settle before the DOM is dumped, without
     * the test sleeping; the budget only bounds it.
     */
    private static final int VIRTUAL_TIME_BUDGET_MS = 5_000;
    private static final long TIMEOUT_SECONDS = 90;

    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions",
            // The pages need no network; any name the browser itself looks up fails here instead of leaving the host.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MS);

    /** The DOM as the page left it, and how long the whole browser process took (an upper bound for any timing). */
    record Dump(String dom, long wallMillis) {
    }

    private final Path work;
    private int runs;

    /** Fails (never skips) when the browser is missing: the report's "Done when" needs it checked in CI. */
    HeadlessChromium(Path work) {
        if (!Files.isExecutable(BINARY)) {
            fail("no Chromium at " + BINARY + ": the report browser test needs it; install it with"
                    + " `apt-get install chromium` (.ci/run does) or point -Dcrosshost.chromium at one");
        }
        this.work = work;
    }

    Dump dumpDom(URI page) throws IOException, InterruptedException {
        Path out = work.resolve("dom-" + (++runs) + ".html");
        long start = System.nanoTime();
        run(List.of("--dump-dom"), page, out);
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Dump(Files.readString(out, StandardCharsets.UTF_8), wall);
    }

    void screenshot(URI page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height),
                page, work.resolve("screenshot-" + (++runs) + ".out"));
        assertThat(png).as("Chromium wrote no screenshot of %s", page).isNotEmptyFile();
    }

    private void run(List<String> action, URI page, Path stdout) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "profile-");
        Path stderr = work.resolve(stdout.getFileName() + ".err");
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.addAll(action);
        command.add(page.toString());
        Process browser = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        if (!browser.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            // Its renderer and GPU processes are children; kill them first or they outlive the test.
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("Chromium did not finish " + page + " within " + TIMEOUT_SECONDS + " s; its stderr: " + tail(stderr));
        }
        assertThat(browser.exitValue()).as("Chromium's exit code for %s; its stderr: %s", page, tail(stderr))
                .isZero();
    }

    private static String tail(Path file) throws IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
    }
}
