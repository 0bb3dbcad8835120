package io.crosshost.runtime;

import io.crosshost.result.CapturedOutput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects one output stream up to a cap: the first {@code capBytes} are kept, the rest are counted and
 * dropped as they arrive, so a scenario that prints gigabytes never holds more than the cap in memory.
 */
final class CappedOutput {

    private final long capBytes;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    CappedOutput(long capBytes) {
        this.capBytes = capBytes;
    }

    synchronized void append(byte[] bytes) {
        long room = Math.max(0, capBytes - kept.size());
        int keep = (int) Math.min(room, bytes.length);
        kept.write(bytes, 0, keep);
        dropped += bytes.length - keep;
    }

    synchronized CapturedOutput toCaptured() {
        return new CapturedOutput(kept.toString(StandardCharsets.UTF_8), dropped);
    }
}
