package io.crosshost.runtime;

import io.crosshost.result.CapturedOutput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects one output stream up to a cap: the first {@code capBytes} are kept, the rest are counted and
 * dropped as they arrive, so a scenario that prints gigabytes never holds more than the cap in memory.
 * Secret values are masked as the bytes arrive, before they are kept anywhere.
 */
final class CappedOutput {

    private final long capBytes;
    private final SecretMask.Stream mask;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long taken;
    private long dropped;

    CappedOutput(long capBytes) {
        this(capBytes, SecretMask.NONE);
    }

    CappedOutput(long capBytes, SecretMask secrets) {
        this.capBytes = capBytes;
        this.mask = secrets.stream();
    }

    synchronized void append(byte[] bytes) {
        int keep = (int) Math.min(Math.max(0, capBytes - taken), bytes.length);
        if (keep > 0) {
            mask.write(bytes, 0, keep, kept);
            taken += keep;
        }
        dropped += bytes.length - keep;
    }

    synchronized CapturedOutput toCaptured() {
        mask.finish(dropped > 0, kept);
        return new CapturedOutput(kept.toString(StandardCharsets.UTF_8), dropped);
    }
}
