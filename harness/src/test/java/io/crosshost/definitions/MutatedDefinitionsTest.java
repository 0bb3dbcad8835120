package io.crosshost.definitions;

import io.crosshost.cli.Cli;
import io.crosshost.matrix.Matrix;
import io.crosshost.scenario.Scenario;
import io.crosshost.scenario.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input at scale: the shipped catalog and matrices, each input one file broken one to three ways by
 * {@link DefinitionMutator}, thrown at {@link DefinitionLoader} and at {@code crosshost validate}. Every input must
 * end in problems that are each located (file:line:column inside the file, one printable line) or in a complete,
 * valid load; never an exception, a hang or a partial result. {@code validate} must exit 2 with exactly one
 * {@code crosshost:} line per problem (and the count), nothing on stdout and no stack trace, or exit 0.
 *
 * <p>The seed is fixed, so a failure is reproducible; {@code -Dcrosshost.mutations.seed=N} explores another part of
 * the space, {@code -Dcrosshost.mutations.only=I} re-runs one input. Failing inputs are saved under
 * {@code target/mutated-definitions/}.
 */
class MutatedDefinitionsTest {

    private static final long SEED = Long.getLong("crosshost.mutations.seed", 20250917L);
    private static final int INPUTS = Integer.getInteger("crosshost.mutations.inputs", 1200);
    private static final int ONLY = Integer.getInteger("crosshost.mutations.only", -1);
    private static final Duration PER_INPUT = Duration.ofSeconds(Long.getLong("crosshost.mutations.timeout", 30));
    /** A problem is one line a person reads: a value of a megabyte is abbreviated, not printed. */
    private static final int MAX_LINE = 1000;
    private static final Path SAVED = Path.of("target/mutated-definitions");

    private static final Pattern OK_LINE = Pattern.compile("ok: (\\d+) scenarios?, 1 matrix \\(.+: (\\d+) hosts?, (\\d+) images?, (\\d+) cells?\\)\n");
    private static final Pattern PROBLEM_LINE = Pattern.compile("crosshost: (.+?):(\\d+):(\\d+): (.+)");
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|[\n\r]");

    record Input(int index, long seed, Path file, boolean matrix, DefinitionMutator.Mutant mutant) {
    }

    record Outcome(boolean fileOk, boolean runOk, int problems, int exitCode, List<String> messages, List<String> violations) {
    }

    @Test
    void everyMutatedFileEndsInLocatedProblemsOrACompleteLoad(@TempDir Path tmp) throws Exception {
        Path tree = tmp.resolve("scenarios");
        copyTree(SchemaCheck.SCENARIOS, tree);
        List<Path> targets = new ArrayList<>();
        try (Stream<Path> s = Stream.concat(Files.list(tree), Files.list(tree.resolve("matrices")))) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(targets::add);
        }
        Map<Path, byte[]> originals = new TreeMap<>();
        for (Path p : targets) {
            originals.put(p, Files.readAllBytes(p));
        }
        assertThat(DefinitionLoader.load(tree.resolve("matrices/lab.yaml"), List.of(tree)).problems()).as("the catalog as shipped").isEmpty();

        Tally tally = new Tally();
        List<String> failures = new ArrayList<>();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mutated-definitions");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        try {
            for (int i = ONLY >= 0 ? ONLY : 0; i < (ONLY >= 0 ? ONLY + 1 : INPUTS) && failures.size() < 20; i++) {
                long seed = SEED * 1_000_003L + i;
                Random random = new Random(seed);
                Path file = targets.get(random.nextInt(targets.size()));
                boolean matrix = file.getParent().getFileName().toString().equals("matrices");
                Input input = new Input(i, seed, file, matrix, DefinitionMutator.mutate(originals.get(file), random));
                Files.write(file, input.mutant().bytes());
                Path matrixFile = matrix ? file : tree.resolve("matrices/lab.yaml");
                long start = System.nanoTime();
                Future<Outcome> future = worker.submit(() -> check(input, matrixFile, tree));
                try {
                    Outcome outcome = future.get(PER_INPUT.toMillis(), TimeUnit.MILLISECONDS);
                    tally.add(input, outcome, System.nanoTime() - start);
                    List<String> v = outcome.violations();
                    if (!v.isEmpty()) {
                        failures.add(describe(input, String.join("\n    ", v.subList(0, Math.min(5, v.size())))
                                + (v.size() > 5 ? "\n    and " + (v.size() - 5) + " more" : "")));
                    }
                } catch (TimeoutException hang) {
                    failures.add(describe(input, "no answer within " + PER_INPUT.toSeconds() + " s:\n" + stackOfWorker()));
                    break; // the worker is stuck in it; the inputs after it would only queue behind
                } catch (ExecutionException thrown) {
                    failures.add(describe(input, "threw " + stackTrace(thrown.getCause())));
                } finally {
                    if (!failures.isEmpty() && failures.get(failures.size() - 1).startsWith("input #" + i + " ")) {
                        save(input);
                    }
                    Files.write(file, originals.get(file));
                }
            }
        } finally {
            worker.shutdownNow();
        }
        String report = tally.report(SEED, Duration.ofNanos(System.nanoTime() - t0));
        System.out.println(report);

        assertThat(failures).as("seed %d; failing inputs are saved in %s\n%s", SEED, SAVED.toAbsolutePath(), report).isEmpty();
        if (ONLY < 0) {
            assertThat(tally.inputs).as("inputs").isGreaterThanOrEqualTo(1000);
            assertThat(tally.fileOk).as("inputs that still load (the mutations also make valid files)").isPositive();
            assertThat(tally.inputs - tally.fileOk).as("inputs rejected").isGreaterThan(tally.inputs / 2);
        }
    }

    private static Outcome check(Input input, Path matrixFile, Path tree) throws IOException {
        List<String> v = new ArrayList<>();
        LoadedDefinitions single = input.matrix() ? DefinitionLoader.loadMatrix(input.file())
                : DefinitionLoader.loadScenarios(List.of(input.file()));
        checkProblems("loading the file", single, tree, v);
        if (single.ok()) {
            checkComplete(input, single, v);
        }
        LoadedDefinitions all = DefinitionLoader.load(matrixFile, List.of(tree));
        checkProblems("loading the matrix and catalog", all, tree, v);
        if (!single.ok() && all.ok()) {
            v.add("the file alone has problems, but not the matrix with the catalog: " + single.problems());
        }
        if (all.ok() && (all.matrix() == null || all.scenarios().isEmpty())) {
            v.add("the matrix and catalog load without problems but without a matrix or scenarios");
        }
        Cli.Result cli = Cli.run("validate", "-m", matrixFile.toString(), "--scenarios", tree.toString());
        checkValidate(cli, all, v);
        return new Outcome(single.ok(), all.ok(), all.problems().size(), cli.exitCode(),
                all.problems().stream().map(Problem::message).toList(), v);
    }

    /** Each problem at a real place in a real input file, as one printable line that names no Java exception. */
    private static void checkProblems(String what, LoadedDefinitions loaded, Path tree, List<String> v) throws IOException {
        if (loaded.ok() != loaded.problems().isEmpty()) {
            v.add(what + ": ok() says " + loaded.ok() + " with " + loaded.problems().size() + " problems");
        }
        Map<Path, int[]> linesOf = new java.util.HashMap<>();
        for (Problem p : loaded.problems()) {
            SourceLocation at = p.location();
            String line = p.toString();
            if (at == null || at.file() == null || !at.file().startsWith(tree) || !Files.isRegularFile(at.file())) {
                v.add(what + ": not located in an input file: " + abbreviate(line));
                continue;
            }
            int[] lengths = linesOf.computeIfAbsent(at.file(), MutatedDefinitionsTest::lineLengths);
            if (at.line() < 1 || at.column() < 1 || at.line() > lengths.length || at.column() > lengths[at.line() - 1] + 1) {
                v.add(what + ": located outside the file (" + lengths.length + " lines): " + abbreviate(line));
            }
            if (p.message() == null || p.message().isBlank()) {
                v.add(what + ": a problem without a message at " + at);
            }
            if (!printableLine(line)) {
                v.add(what + ": not one printable line: " + abbreviate(line));
            }
            if (line.length() > MAX_LINE) {
                v.add(what + ": a line of " + line.length() + " characters: " + abbreviate(line));
            }
            if (line.contains("Exception") || line.contains("java.") || line.contains("snakeyaml") || line.contains("\tat ")) {
                v.add(what + ": speaks Java, not YAML: " + abbreviate(line));
            }
        }
    }

    /** A file that loads without problems gave the model all of itself: every scenario, step, host, image, exclusion. */
    @SuppressWarnings("unchecked")
    private static void checkComplete(Input input, LoadedDefinitions loaded, List<String> v) {
        Object raw;
        try {
            String text = new String(input.mutant().bytes(), StandardCharsets.UTF_8);
            raw = new Load(LoadSettings.builder().setSchema(new CoreSchema()).setBufferSize(text.length() + 1).build())
                    .loadFromString(text);
        } catch (RuntimeException e) {
            v.add("the file loads without problems, but is not YAML to snakeyaml itself: " + e.getMessage());
            return;
        }
        if (!(raw instanceof Map<?, ?> top)) {
            v.add("the file loads without problems, but is not a map: " + raw);
            return;
        }
        if (input.matrix()) {
            Matrix m = loaded.matrix();
            if (m == null) {
                v.add("a matrix file loads without problems but gives no matrix");
                return;
            }
            expectSize(v, "hosts", top.get("hosts"), m.hosts().size());
            expectSize(v, "images", top.get("images"), m.images().size());
            expectSize(v, "exclusions", top.get("exclude"), m.exclusions().size());
            return;
        }
        List<Map<String, Object>> items = top.containsKey("scenarios")
                ? (List<Map<String, Object>>) top.get("scenarios") : List.of((Map<String, Object>) top);
        if (loaded.scenarios().size() != items.size()) {
            v.add("the file has " + items.size() + " scenarios, the load " + loaded.scenarios().size());
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> item = items.get(i);
            Scenario s = loaded.scenarios().get(i);
            expectSize(v, s.id() + " steps", item.containsKey("steps") ? item.get("steps") : List.of("one"), s.steps().size());
            expectSize(v, s.id() + " env", item.get("env"), s.options().env().size());
            expectSize(v, s.id() + " known failures", item.get("known_failures"), s.knownFailures().size());
            if (item.get("tags") instanceof List<?> tags && new LinkedHashSet<>(tags).size() != s.tags().size()) {
                v.add(s.id() + ": the file has tags " + tags + ", the load " + s.tags());
            }
        }
    }

    private static void expectSize(List<String> v, String what, Object raw, int loaded) {
        int inFile = raw instanceof List<?> list ? list.size() : raw instanceof Map<?, ?> map ? map.size() : 0;
        if (inFile != loaded) {
            v.add("partial load: the file has " + inFile + " " + what + ", the load " + loaded);
        }
    }

    /** exit 0 and the ok line, or exit 2, nothing on stdout, one {@code crosshost:} line per problem and the count. */
    private static void checkValidate(Cli.Result cli, LoadedDefinitions all, List<String> v) {
        String err = cli.err();
        if (err.contains("\tat ") || err.contains("Exception") || err.contains("internal error")) {
            v.add("validate printed a stack trace or an internal error: " + abbreviate(err));
        }
        if (cli.exitCode() == 0) {
            Matcher ok = OK_LINE.matcher(cli.out());
            if (!all.ok()) {
                v.add("validate exited 0, but the load has problems: " + all.problems());
            } else if (!ok.matches() || Integer.parseInt(ok.group(1)) != all.scenarios().size()) {
                v.add("validate exited 0 without the ok line for " + all.scenarios().size() + " scenarios: " + abbreviate(cli.out()));
            }
            return;
        }
        if (cli.exitCode() != 2) {
            v.add("validate exited " + cli.exitCode() + ": " + abbreviate(err));
            return;
        }
        if (all.ok()) {
            v.add("validate exited 2, but the load has no problem: " + abbreviate(err));
        }
        if (!cli.out().isEmpty()) {
            v.add("validate exited 2 and still printed to stdout: " + abbreviate(cli.out()));
        }
        List<String> lines = List.of(err.split("\n", -1));
        if (lines.isEmpty() || !lines.get(lines.size() - 1).isEmpty()) {
            v.add("validate's error output does not end in a newline");
            return;
        }
        lines = lines.subList(0, lines.size() - 1);
        List<String> expected = new ArrayList<>(all.problems().stream().map(p -> "crosshost: " + p).toList());
        int n = all.problems().size();
        expected.add("crosshost: " + n + (n == 1 ? " problem" : " problems") + " in the scenario and matrix files");
        if (!lines.equals(expected)) {
            v.add("validate's lines are not one 'crosshost:' line per problem and the count:\n" + abbreviate(err));
        }
        for (String line : lines.subList(0, lines.size() - 1)) {
            if (!PROBLEM_LINE.matcher(line).matches()) {
                v.add("not a 'crosshost: file:line:column: message' line: " + abbreviate(line));
            }
        }
    }

    /** The length in code points of each of the file's lines, as YAML 1.2 and snakeyaml count lines: CR, LF, CRLF. */
    private static int[] lineLengths(Path file) {
        try {
            return java.util.Arrays.stream(LINE_BREAK.split(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), -1))
                    .mapToInt(l -> l.codePointCount(0, l.length())).toArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean printableLine(String s) {
        return s.codePoints().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE);
    }

    private static String abbreviate(String s) {
        String shown = s.replace("\n", "\\n");
        return shown.length() <= 600 ? shown : shown.substring(0, 600) + "...(" + s.length() + " chars)";
    }

    private static String describe(Input input, String what) {
        return "input #" + input.index() + " (seed " + input.seed() + ", " + input.file().getFileName() + ", "
                + String.join("; ", input.mutant().operations()) + "): " + what;
    }

    private static void save(Input input) {
        try {
            Files.createDirectories(SAVED);
            Files.write(SAVED.resolve("input-" + input.index() + "-" + input.file().getFileName()), input.mutant().bytes());
        } catch (IOException e) {
            System.err.println("could not save input #" + input.index() + ": " + e);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() <= 4000 ? s : s.substring(0, 4000) + "...";
    }

    private static String stackOfWorker() {
        StringBuilder s = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().equals("mutated-definitions")) {
                for (int i = 0; i < Math.min(stack.length, 40); i++) {
                    s.append("    at ").append(stack[i]).append('\n');
                }
            }
        });
        return s.toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** What the inputs were and how they ended, printed with the seed. */
    private static final class Tally {
        int inputs;
        int matrices;
        int fileOk;
        int runOk;
        long problems;
        long slowestNanos;
        final Map<String, Integer> operations = new TreeMap<>();
        final Map<Integer, Integer> exitCodes = new TreeMap<>();
        final Map<String, Integer> kinds = new TreeMap<>();

        void add(Input input, Outcome o, long nanos) {
            inputs++;
            matrices += input.matrix() ? 1 : 0;
            fileOk += o.fileOk() ? 1 : 0;
            runOk += o.runOk() ? 1 : 0;
            problems += o.problems();
            slowestNanos = Math.max(slowestNanos, nanos);
            input.mutant().operations().forEach(op -> operations.merge(op.split(" ")[0], 1, Integer::sum));
            exitCodes.merge(o.exitCode(), 1, Integer::sum);
            // The kind of a problem is its message without the values quoted in it.
            o.messages().forEach(m -> kinds.merge(m.replaceAll("'[^']*'", "'…'").replaceAll("[0-9]+", "N"), 1, Integer::sum));
        }

        String report(long seed, Duration took) {
            return "MutatedDefinitionsTest: seed " + seed + ", " + inputs + " mutated inputs (" + (inputs - matrices)
                    + " scenario files, " + matrices + " matrix files) in " + took.toMillis() + " ms, slowest input "
                    + slowestNanos / 1_000_000 + " ms\n"
                    + "  the file alone: " + fileOk + " valid loads, " + (inputs - fileOk) + " rejected with located problems\n"
                    + "  matrix + catalog: " + runOk + " valid, " + (inputs - runOk) + " rejected; " + problems + " problems, "
                    + kinds.size() + " kinds of message\n"
                    + "  validate exit codes: " + exitCodes + "\n"
                    + "  operations: " + operations;
        }
    }
}
