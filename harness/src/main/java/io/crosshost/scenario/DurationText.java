package io.crosshost.scenario;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in scenario files: 500ms, 30s, 2m, 1h30m. */
public final class DurationText {

    private static final Pattern DURATION = Pattern.compile("(?:[0-9]+(?:ms|s|m|h))+");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

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

    /** The duration, or null when the text is not one (a bare number is refused: seconds or minutes?). */
    public static Duration parse(String text) {
        String t = text.trim();
        if (!DURATION.matcher(t).matches()) {
            return null;
        }
        Duration total = Duration.ZERO;
        Matcher part = DURATION_PART.matcher(t);
        try {
            while (part.find()) {
                long n = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            return null;
        }
        return total;
    }
}
