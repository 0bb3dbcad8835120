package io.crosshost.engine;

import io.crosshost.matrix.CellFilter;
import io.crosshost.matrix.Shard;
import io.crosshost.host.HostSettings;
import io.crosshost.scenario.DurationText;
import org.junit.platform.engine.ConfigurationParameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The engine's configuration keys. They come from JUnit configuration parameters: the Launcher API,
 * {@code junit-platform.properties}, a {@code @Suite}'s {@code @ConfigurationParameter}, or system
 * properties ({@code mvn verify -Dcrosshost.matrix=...}).
 *
 * @param matrix        {@value #MATRIX}: the matrix file; the engine stays silent when neither it nor a
 *                      scenario file or directory selector is given
 * @param scenarioPaths {@value #SCENARIO_PATHS}: comma-separated scenario files or directories; default:
 *                      the matrix's catalog ({@code definitions.DefinitionLoader#catalogOf})
 * @param filter        {@value #SCENARIOS}, {@value #TAGS}, {@value #HOSTS}, {@value #IMAGES} (comma-separated)
 *                      and {@value #SHARD} ({@code K/N})
 * @param reportsDir    {@value #REPORTS}: where reports are written; none when unset
 * @param baseline      {@value #BASELINE}: a previous run's results.json to diff against
 * @param hostSettings  {@value #REQUEST_DEADLINE}: how long a request that should answer at once may take before its
 *                      host counts as not answering, in the scenario files' duration syntax (default 60s; the CLI
 *                      takes it as {@code CROSSHOST_JAVA_OPTS=-Dcrosshost.requestDeadline=2m});
 *                      {@value #PULL_DEADLINE}: how long one image's pull on one host may take (default 15m);
 *                      {@value #CACHE_DIR}: where image facts are kept between runs (default
 *                      {@code $XDG_CACHE_HOME/crosshost}, else {@code ~/.cache/crosshost})
 * @param pipeline      {@value #PIPELINE}: {@code off} makes each cell create and remove its own container in its
 *                      slot instead of ahead and behind it (default on; for the benchmark's side-by-side comparison)
 */
public record CrosshostConfiguration(Optional<Path> matrix, List<Path> scenarioPaths, CellFilter filter,
                                     Optional<Path> reportsDir, Optional<Path> baseline, HostSettings hostSettings,
                                     boolean pipeline) {

    public static final String MATRIX = "crosshost.matrix";
    public static final String SCENARIO_PATHS = "crosshost.scenario.paths";
    public static final String SCENARIOS = "crosshost.scenarios";
    public static final String TAGS = "crosshost.tags";
    public static final String HOSTS = "crosshost.hosts";
    public static final String IMAGES = "crosshost.images";
    public static final String SHARD = "crosshost.shard";
    public static final String REPORTS = "crosshost.reports";
    public static final String BASELINE = "crosshost.baseline";
    public static final String REQUEST_DEADLINE = "crosshost.requestDeadline";
    public static final String CACHE_DIR = "crosshost.cacheDir";
    public static final String PULL_DEADLINE = "crosshost.pullDeadline";
    public static final String PIPELINE = "crosshost.pipeline";

    /** @throws IllegalArgumentException naming the key, the value and what it must be, when a value is not valid */
    public static CrosshostConfiguration from(ConfigurationParameters p) {
        Optional<Path> matrix = p.get(MATRIX).filter(s -> !s.isBlank()).map(Path::of);
        List<Path> scenarioPaths = list(p, SCENARIO_PATHS).stream().map(Path::of).toList();
        CellFilter filter = new CellFilter(Set.copyOf(list(p, SCENARIOS)), Set.copyOf(list(p, TAGS)),
                Set.copyOf(list(p, HOSTS)), Set.copyOf(list(p, IMAGES)),
                p.get(SHARD).filter(s -> !s.isBlank()).map(Shard::parse).orElse(Shard.WHOLE));
        return new CrosshostConfiguration(matrix, scenarioPaths, filter,
                p.get(REPORTS).filter(s -> !s.isBlank()).map(Path::of),
                p.get(BASELINE).filter(s -> !s.isBlank()).map(Path::of), hostSettings(p::get), pipeline(p::get));
    }

    /** The host settings from any source of these keys (the CLI passes its JVM's system properties). */
    public static HostSettings hostSettings(Function<String, Optional<String>> get) {
        Duration deadline = duration(get, REQUEST_DEADLINE).orElse(HostSettings.DEFAULT_REQUEST_DEADLINE);
        Path cache = get.apply(CACHE_DIR).filter(s -> !s.isBlank()).map(Path::of).orElseGet(HostSettings::defaultCacheDir);
        return new HostSettings(deadline, cache).withPullDeadline(duration(get, PULL_DEADLINE).orElse(HostSettings.DEFAULT_PULL_DEADLINE));
    }

    private static Optional<Duration> duration(Function<String, Optional<String>> get, String key) {
        return get.apply(key).filter(s -> !s.isBlank()).map(text -> {
            Duration d = DurationText.parse(text);
            if (d == null || d.isZero()) {
                throw new IllegalArgumentException("-D" + key + "=" + text + " is not a duration above zero "
                        + "(a number with a unit ms, s, m or h, such as 90s or 2m)");
            }
            return d;
        });
    }

    public static boolean pipeline(Function<String, Optional<String>> get) {
        String value = get.apply(PIPELINE).map(String::strip).orElse("on");
        if (!value.equals("on") && !value.equals("off")) {
            throw new IllegalArgumentException("-D" + PIPELINE + "=" + value + " must be on or off");
        }
        return value.equals("on");
    }

    private static List<String> list(ConfigurationParameters p, String key) {
        return p.get(key).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toList())).orElse(List.of());
    }
}
