package io.crosshost.cli;

import io.crosshost.result.PullProgress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Pulls on the terminal (layers and bytes as they go) and in a CI log (one line per pull, nothing in between). */
class ProgressPrinterPullTest {

    private static final String REF = "registry.crosshost.test:5443/lab/debian:12";
    private static final String DIGEST = "sha256:" + "e".repeat(64);

    private static PullProgress going(long bytes) {
        return new PullProgress("debian-12", "podman", REF, "registry.crosshost.test:5443", 2, 0, bytes, 49_900_000,
                Duration.ofMillis(800), false, null, null);
    }

    private static PullProgress done() {
        return new PullProgress("debian-12", "podman", REF, "registry.crosshost.test:5443", 2, 2, 49_900_000, 49_900_000,
                Duration.ofMillis(1400), true, DIGEST, null);
    }

    @Test
    void aCiLogGetsOneLinePerPullAndNoProgressInBetween() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

        printer.pullProgress(going(1_000_000));
        printer.pullProgress(going(40_000_000));
        printer.pullProgress(done());
        printer.pullProgress(new PullProgress("busybox", "docker", "registry.crosshost.test:5443/lab/busybox:nope",
                "registry.crosshost.test:5443", 0, 0, 0, 0, Duration.ofMillis(300), true, null,
                "could not pull registry.crosshost.test:5443/lab/busybox:nope on host docker from registry registry.crosshost.test:5443: manifest unknown"));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "pull  " + REF + " on host podman from registry registry.crosshost.test:5443: 2 layers, 49.9 MB in 1.4 s, " + DIGEST,
                "PULL  could not pull registry.crosshost.test:5443/lab/busybox:nope on host docker from registry "
                        + "registry.crosshost.test:5443: manifest unknown (after 0.3 s)");
    }

    @Test
    void aTerminalShowsThePullsUnderWayWithLayersAndBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);

        printer.pullProgress(going(40_300_000));
        String live = bytes.toString(StandardCharsets.UTF_8);
        printer.pullProgress(done());

        assertThat(live).contains("pulling debian-12@podman 0/2 layers 40.3 MB/49.9 MB");
        String after = bytes.toString(StandardCharsets.UTF_8).substring(live.length());
        assertThat(after).contains("pull  " + REF + " on host podman").doesNotContain("pulling debian-12@podman");
    }
}
