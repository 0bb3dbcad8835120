package io.crosshost.fake;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a fake container's main process (or an exec) does, as a test scripts it: nothing runs, the fake prints
 * {@code stdout} and {@code stderr} when the process starts, leaves {@code files} in its filesystem, and exits with
 * {@code exitCode} after {@code duration}, unless it is killed (exit 137) first.
 */
public record FakeProcess(int exitCode, String stdout, String stderr, Duration duration, Map<String, String> files) {

    public FakeProcess {
        files = Map.copyOf(files);
    }

    public static FakeProcess exits(int code) {
        return new FakeProcess(code, "", "", Duration.ZERO, Map.of());
    }

    public FakeProcess printing(String out, String err) {
        return new FakeProcess(exitCode, out, err, duration, files);
    }

    public FakeProcess lasting(Duration d) {
        return new FakeProcess(exitCode, stdout, stderr, d, files);
    }

    public FakeProcess writing(String path, String content) {
        Map<String, String> more = new java.util.HashMap<>(files);
        more.put(path, content);
        return new FakeProcess(exitCode, stdout, stderr, duration, more);
    }

    /**
     * The default script: a shell command {@code sleep N} lasts N seconds (fractions allowed), {@code exit N} exits
     * N, {@code echo TEXT} prints TEXT; anything else exits 0 at once. Enough for the harness's cells and its facts
     * probe; tests that need more give the engine a script of their own.
     */
    public static final Function<List<String>, FakeProcess> SHELLISH = argv -> {
        String line = argv.isEmpty() ? "" : argv.get(argv.size() - 1).strip();
        java.util.regex.Matcher sleep = java.util.regex.Pattern.compile("^sleep ([0-9.]+)$").matcher(line);
        if (sleep.matches()) {
            return exits(0).lasting(Duration.ofMillis((long) (Double.parseDouble(sleep.group(1)) * 1000)));
        }
        java.util.regex.Matcher exit = java.util.regex.Pattern.compile("^exit ([0-9]+)$").matcher(line);
        if (exit.matches()) {
            return exits(Integer.parseInt(exit.group(1)));
        }
        if (line.startsWith("echo ")) {
            return exits(0).printing(line.substring(5) + "\n", "");
        }
        return exits(0);
    };
}
