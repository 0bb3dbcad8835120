package io.crosshost.fake;

import java.time.Duration;

/**
 * What the fake does wrong for one call: answer late (the work is still done, after the delay, even when the client
 * has gone away meanwhile, as dockerd does), answer with an HTTP error instead of doing the work, or take the request
 * and never answer (a stopped or deadlocked daemon that keeps its socket).
 */
public record Fault(Duration delay, int status, String message, boolean hang) {

    public static Fault slow(Duration d) {
        return new Fault(d, 0, null, false);
    }

    public static Fault failing(int status, String message) {
        return new Fault(Duration.ZERO, status, message, false);
    }

    public static Fault silent() {
        return new Fault(Duration.ZERO, 0, null, true);
    }

    boolean fails() {
        return status != 0;
    }
}
