package io.crosshost.scenario;

import java.time.Duration;

/** Durations as people write them in scenario files: 500ms, 30s, 2m, 1h30m. */
public final class DurationText {

    private DurationText() {
    }

    public static String of(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
