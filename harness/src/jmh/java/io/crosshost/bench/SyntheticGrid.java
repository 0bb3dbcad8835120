package io.crosshost.bench;

import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.Endpoint;
import io.crosshost.matrix.Exclusion;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.matrix.Matrix;
import io.crosshost.matrix.ScenarioSelection;
import io.crosshost.report.RunResults;
import io.crosshost.result.CapturedOutput;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.RunInfo;
import io.crosshost.result.Status;
import io.crosshost.result.StepResult;
import io.crosshost.scenario.Command;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.Isolation;
import io.crosshost.scenario.KnownFailure;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Scenario;
import io.crosshost.scenario.SourceLocation;
import io.crosshost.scenario.Step;
import io.crosshost.scenario.TextExpectation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SYNTHETIC grid the benchmarks share, shaped like harness/bench/synthetic.sh's 10,000-cell run: 10 hosts x
 * 20 images x 50 scenarios, one step each, about 200 bytes of output a cell. Unlike that run, a few cells are
 * not PASS (2% FAIL with AssertJ-style messages, 1% each XFAIL, SKIP, ERROR), so the reports' slower paths are
 * paid too. Deterministic: every benchmark sees the same data.
 */
public final class SyntheticGrid {

    public static final int HOSTS = 10;
    public static final int IMAGES = 20;
    public static final int SCENARIOS = 50;
    public static final Instant T0 = Instant.parse("2026-01-01T02:00:00Z");

    /** About what a small real command prints (cat /etc/os-release, id, ls /). */
    public static final String OUTPUT = "synthetic scenario output line one\n" + "0123456789abcdef".repeat(10) + "\nuid=0(root) gid=0(root)\n";

    private static final SourceLocation HERE = SourceLocation.of(Path.of("<synthetic>"));

    private SyntheticGrid() {
    }

    public static String host(int h) {
        return String.format("synth-%02d", h);
    }

    public static String image(int i) {
        return String.format("image-%02d", i);
    }

    public static String scenario(int s) {
        return String.format("synth-%03d", s);
    }

    /** A typical expectation: exit code 0, two strings and a regular expression on stdout, one absent word. */
    public static Expectations typicalExpect(int s) {
        return new Expectations(Set.of(0),
                new TextExpectation(List.of("synthetic scenario output", "uid=0(root)"), List.of("Traceback"),
                        List.of(Pattern.compile("^uid=\\d+", Pattern.MULTILINE)), null),
                new TextExpectation(List.of(), List.of("error " + s), List.of(), null), List.of());
    }

    public static Matrix matrix() {
        List<HostSpec> hosts = new ArrayList<>();
        for (int h = 1; h <= HOSTS; h++) {
            hosts.add(new HostSpec(host(h), new Endpoint("unix:///run/synthetic/h" + h + ".sock", null), 4, Map.of()));
        }
        List<ImageSpec> images = new ArrayList<>();
        for (int i = 1; i <= IMAGES; i++) {
            images.add(new ImageSpec(image(i), "synthetic.test/" + image(i) + ":latest", null, ImageSpec.PullPolicy.NEVER, Map.of()));
        }
        // A few exclusions with globs, as a real matrix has: every cell is matched against them.
        List<Exclusion> exclusions = List.of(
                new Exclusion(List.of("synth-00*"), List.of("*"), List.of("image-20"), "no such tool in image-20", HERE),
                new Exclusion(List.of("synth-04*"), List.of("synth-1*"), List.of("*"), "host 10 lacks a feature", HERE));
        return new Matrix("synthetic", hosts, images, new ScenarioSelection(List.of(), List.of("synthetic"), List.of(), List.of()),
                exclusions, Defaults.STANDARD, HERE);
    }

    public static List<Scenario> scenarios() {
        List<Scenario> scenarios = new ArrayList<>();
        for (int s = 1; s <= SCENARIOS; s++) {
            List<KnownFailure> known = s % 10 == 0
                    ? List.of(new KnownFailure(List.of("synth-0[1-3]"), List.of("image-1*"), "a known bug", "https://bugs.example.org/" + s, HERE))
                    : List.of();
            scenarios.add(new Scenario(scenario(s), "SYNTHETIC scenario " + s, null, Set.of("synthetic"), List.of(),
                    List.of(new Step("run", Command.shell("echo synthetic scenario " + s), typicalExpect(s), HERE)),
                    RunOptions.DEFAULT, 0, Isolation.FRESH, known, HERE));
        }
        return scenarios;
    }

    /** One cell's result as the runner makes it: the status cycles so that 5% of the cells are not PASS. */
    public static CellResult cell(int s, int i, int h, int n) {
        Status status = switch (n % 100) {
            case 7, 57 -> Status.FAIL;
            case 17 -> Status.XFAIL;
            case 27 -> Status.SKIP;
            case 37 -> Status.ERROR;
            default -> Status.PASS;
        };
        String label = scenario(s) + " on " + image(i) + " @ " + host(h);
        String message = switch (status) {
            case FAIL, XFAIL -> "[" + label + ": stdout] \nExpecting actual:\n  \"" + OUTPUT.replace("\n", "\\n")
                    + "\"\nto contain:\n  \"uid=1000\" ";
            case SKIP -> "excluded by the matrix: no such tool in image-20";
            case ERROR -> "host " + host(h) + " did not answer while running the cell: connection reset";
            default -> null;
        };
        List<StepResult> steps = status == Status.SKIP || status == Status.ERROR ? List.of() : List.of(
                new StepResult("run", "echo synthetic scenario " + s, status == Status.PASS ? 0 : 1, new CapturedOutput(OUTPUT, 0),
                        CapturedOutput.EMPTY, Duration.ofMillis(40 + n % 17), false, status == Status.PASS ? null : message));
        String id = scenario(s) + "/" + image(i) + "@" + host(h);
        return new CellResult(id, scenario(s), image(i), host(h), status, message, steps, T0.plusMillis(n * 2L),
                Duration.ofMillis(55 + n % 31), 1, status == Status.SKIP ? null : String.format("%064x", n), digest(i),
                "docker -H unix:///run/synthetic/h" + h + ".sock run --rm --network none synthetic.test/" + image(i)
                        + ":latest sh -c 'echo synthetic scenario " + s + "'",
                status == Status.XFAIL ? "a known bug" : null, status == Status.XFAIL ? "https://bugs.example.org/" + s : null,
                List.of("synthetic"));
    }

    /** The run of {@code cells} results (scenario, image, host order, as the planner makes them) with its facts. */
    public static RunResults run(String runId, Instant startedAt, int cells) {
        List<CellResult> results = new ArrayList<>(cells);
        int n = 0;
        outer:
        for (int s = 1; ; s++) {
            for (int i = 1; i <= IMAGES; i++) {
                for (int h = 1; h <= HOSTS; h++) {
                    if (n == cells) {
                        break outer;
                    }
                    results.add(cell(s, i, h, n++));
                }
            }
        }
        List<HostFacts> hosts = new ArrayList<>();
        List<ImageFacts> images = new ArrayList<>();
        for (int h = 1; h <= HOSTS; h++) {
            hosts.add(new HostFacts(host(h), "unix:///run/synthetic/h" + h + ".sock", true, null, "Docker", "24.0.0-synthetic", "1.41",
                    "SYNTHETIC engine", "0.0.0-SYNTHETIC", "x86_64", "runc", "1.1.12", "2", "none",
                    List.of("name=seccomp,profile=default", "name=cgroupns"), "default", false, false, false, false, "synthetic"));
            for (int i = 1; i <= IMAGES; i++) {
                images.add(new ImageFacts(image(i), host(h), "synthetic.test/" + image(i) + ":latest", digest(i), digest(i),
                        "SYNTHETIC Linux 1", "glibc", "2.36", "3.4-1", "dpkg", null));
            }
        }
        RunInfo info = new RunInfo(runId, "synthetic", startedAt, results.stream().map(CellResult::cellId).toList(), null);
        return new RunResults(info, startedAt.plusSeconds(60), false, hosts, images, results);
    }

    private static String digest(int image) {
        return "sha256:" + String.format("%064x", image * 7919L);
    }
}
