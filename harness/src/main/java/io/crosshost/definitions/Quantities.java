package io.crosshost.definitions;

import io.crosshost.scenario.DurationText;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h30m}) and sizes ({@code 256m}, {@code 1g}, {@code 512MiB}). */
final class Quantities {

    static final String DURATION_HINT = "a number with a unit ms, s, m or h, such as 500ms, 30s, 2m or 1h30m";
    static final String SIZE_HINT = "a number of bytes, or a number with a unit k, m, g or t (KiB, MiB, GiB, TiB also), such as 256m or 1g";

    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([a-z]*)");
    // Like docker's own flags, every unit is binary: 256m is 256 MiB, whatever the case or a trailing 'b'.
    private static final Map<String, Long> SIZE_UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("k", 1L << 10), Map.entry("kb", 1L << 10), Map.entry("kib", 1L << 10),
            Map.entry("m", 1L << 20), Map.entry("mb", 1L << 20), Map.entry("mib", 1L << 20),
            Map.entry("g", 1L << 30), Map.entry("gb", 1L << 30), Map.entry("gib", 1L << 30),
            Map.entry("t", 1L << 40), Map.entry("tb", 1L << 40), Map.entry("tib", 1L << 40));

    private Quantities() {
    }

    /** The duration, or null when the text is not one (a bare number is refused: seconds or minutes?). */
    static Duration duration(String text) {
        return DurationText.parse(text);
    }

    /** The size in bytes, or null when the text is not one. */
    static Long size(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || !SIZE_UNITS.containsKey(m.group(2))) {
            return null;
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), SIZE_UNITS.get(m.group(2)));
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            return null;
        }
    }
}
