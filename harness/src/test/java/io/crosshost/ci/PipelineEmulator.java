package io.crosshost.ci;

import io.crosshost.ci.Jenkinsfile.Call;
import io.crosshost.ci.Jenkinsfile.Ref;
import io.crosshost.ci.Jenkinsfile.Template;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the Jenkinsfile's stages the way Jenkins would, on this machine, for the steps it uses: each stage (and each
 * matrix branch) gets an agent workspace that is checked out first and kept between builds, as an
 * agent keeps it; {@code sh} runs {@code sh -xe -c} there with the parameters and the axis in the environment;
 * {@code stash}/{@code unstash} copy files between workspaces through the build's stash store, keeping symlinks as
 * symlinks and not following them (the conservative reading of Jenkins' tar stash); {@code archiveArtifacts},
 * {@code junit} and {@code publishHTML} check and keep what they would publish; {@code copyArtifacts} takes the
 * archive of the job's last successful build. A failing step fails its stage and skips the stages after it. Any
 * other step, or logic other than {@code if (params.X)}, is refused: the test must learn it first.
 */
final class PipelineEmulator {

    enum Result { SUCCESS, UNSTABLE, FAILURE }

    /** One executed step: for {@code sh} the command, its exit code and its output. */
    record StepRun(String stage, String branch, String step, String detail, int exitCode, String output,
                   Duration took) {

        boolean isCrosshost(String verb) {
            return step.equals("sh") && detail.startsWith("./crosshost " + verb + " ");
        }

        @Override
        public String toString() {
            return "[" + stage + (branch == null ? "" : " " + branch) + "] " + step + " " + detail + " -> " + exitCode
                    + " (" + took.toMillis() + " ms)" + (output.isEmpty() ? "" : "\n" + output.indent(4));
        }
    }

    record Build(int number, Result result, List<String> stagesRun, List<StepRun> steps, Path dir, int junitTests,
                 int junitFailures, List<String> published) {

        Path archive() {
            return dir.resolve("archive");
        }

        Path stash(String name) {
            return dir.resolve("stashes").resolve(name);
        }

        List<StepRun> crosshost(String verb) {
            return steps.stream().filter(s -> s.isCrosshost(verb)).toList();
        }

        String log() {
            StringBuilder out = new StringBuilder("build #" + number + ": " + result + "\n");
            steps.forEach(s -> out.append(s).append('\n'));
            return out.toString();
        }
    }

    private static final Duration SH_TIMEOUT = Duration.ofMinutes(3);

    private final Jenkinsfile jenkinsfile;
    private final String jobName;
    private final Path jobDir;
    private final Consumer<Path> checkout;
    private final int parallelBranches;
    private final List<Build> builds = new ArrayList<>();

    /**
     * @param checkout         what the implicit {@code checkout scm} of a stage's agent puts into a workspace: the
     *                         repository's tracked files, updated in place; untracked files (reports) stay
     * @param parallelBranches how many matrix branches run at once: Jenkins runs them all at once on as many
     *                         agents, but here they share one machine (and a lab other tests use)
     */
    PipelineEmulator(Jenkinsfile jenkinsfile, String jobName, Path jobDir, Consumer<Path> checkout, int parallelBranches) {
        this.jenkinsfile = jenkinsfile;
        this.jobName = jobName;
        this.jobDir = jobDir;
        this.checkout = checkout;
        this.parallelBranches = parallelBranches;
    }

    Path workspace(int executor) {
        return jobDir.resolve("workspace").resolve(executor == 1 ? jobName : jobName + "@" + executor);
    }

    /** Builds the job with these parameters (every parameter of the Jenkinsfile must have a value). */
    Build build(Map<String, String> params) throws Exception {
        int number = builds.size() + 1;
        BuildState state = new BuildState(number, params, Files.createDirectories(jobDir.resolve("builds/" + number)));
        for (Call stage : jenkinsfile.stages()) {
            String name = stage.string();
            if (state.result == Result.FAILURE) {
                break; // declarative skips the stages after a failed one
            }
            state.stagesRun.add(name);
            try {
                if (stage.optionalChild("matrix").isPresent()) {
                    runMatrix(state, name, stage.child("matrix"));
                } else {
                    requireCrosshostAgent(stage);
                    runSteps(state, stage, new Ctx(name, null, allocate(1), Map.of()));
                }
            } catch (StageFailed e) {
                state.fail();
            }
        }
        Build build = new Build(number, state.result, List.copyOf(state.stagesRun), List.copyOf(state.steps), state.dir,
                state.junitTests, state.junitFailures, List.copyOf(state.published));
        builds.add(build);
        return build;
    }

    private void runMatrix(BuildState state, String stageName, Call matrix) throws Exception {
        requireCrosshostAgent(matrix);
        Call axis = matrix.child("axes").child("axis");
        String axisName = axis.child("name").string();
        List<Object> values = axis.child("values").args();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelBranches, values.size()));
        try {
            List<Future<?>> branches = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String value = (String) values.get(i);
                int executor = i + 1;
                branches.add(pool.submit(() -> {
                    Ctx ctx = new Ctx(stageName, axisName + "=" + value, allocate(executor), Map.of(axisName, value));
                    for (Call inner : matrix.child("stages").children("stage")) {
                        runSteps(state, inner, ctx);
                    }
                    return null;
                }));
            }
            boolean failed = false;
            for (Future<?> branch : branches) {
                try {
                    branch.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof StageFailed)) {
                        throw e;
                    }
                    failed = true; // failFast is off: the other branches finish
                }
            }
            if (failed) {
                throw new StageFailed();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void requireCrosshostAgent(Call owner) {
        Call agent = owner.child("agent");
        if (!agent.child("label").string().equals("crosshost")) {
            throw new AssertionError(owner + " does not run on an agent labelled crosshost");
        }
    }

    private Path allocate(int executor) {
        Path ws = workspace(executor);
        try {
            Files.createDirectories(ws);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checkout.accept(ws);
        return ws;
    }

    /** Where the steps run: the stage, the matrix branch, the workspace, the current dir(...), the environment. */
    private record Ctx(String stage, String branch, Path cwd, Map<String, String> env) {

        Ctx in(Path dir) {
            return new Ctx(stage, branch, dir, env);
        }
    }

    private static final class StageFailed extends Exception {
    }

    private final class BuildState {
        final int number;
        final Map<String, String> params;
        final Path dir;
        final List<String> stagesRun = new ArrayList<>();
        final List<StepRun> steps = Collections.synchronizedList(new ArrayList<>());
        final List<String> published = Collections.synchronizedList(new ArrayList<>());
        volatile Result result = Result.SUCCESS;
        int junitTests;
        int junitFailures;

        BuildState(int number, Map<String, String> params, Path dir) {
            this.number = number;
            this.params = Map.copyOf(params);
            this.dir = dir;
        }

        synchronized void unstable() {
            if (result == Result.SUCCESS) {
                result = Result.UNSTABLE;
            }
        }

        synchronized void fail() {
            result = Result.FAILURE;
        }
    }

    private void runSteps(BuildState state, Call stage, Ctx ctx) throws Exception {
        for (Call step : stage.child("steps").body()) {
            run(state, step, ctx);
        }
    }

    private void run(BuildState state, Call step, Ctx ctx) throws Exception {
        long start = System.nanoTime();
        switch (step.name()) {
            case "sh" -> sh(state, step.string(), ctx, start);
            case "dir" -> {
                Path dir = ctx.cwd().resolve(text(state, step.args().get(0), ctx));
                Files.createDirectories(dir);
                for (Call inner : step.body()) {
                    run(state, inner, ctx.in(dir));
                }
            }
            case "deleteDir" -> {
                deleteTree(ctx.cwd());
                record(state, ctx, step, ctx.cwd().toString(), 0, "", start);
            }
            case "script" -> {
                for (Call inner : step.body()) {
                    run(state, inner, ctx);
                }
            }
            case "<if>" -> {
                if (!(step.args().get(0) instanceof Ref ref) || !ref.name().startsWith("params.")) {
                    throw new AssertionError("the emulation only knows if (params.X): " + step);
                }
                if (!param(state, ref.name()).isEmpty()) {
                    for (Call inner : step.body()) {
                        run(state, inner, ctx);
                    }
                }
            }
            case "stash" -> stash(state, step, ctx, start);
            case "unstash" -> unstash(state, step, ctx, start);
            case "copyArtifacts" -> copyArtifacts(state, step, ctx, start);
            case "junit" -> junit(state, step, ctx, start);
            case "archiveArtifacts" -> archive(state, step, ctx, start);
            case "publishHTML" -> publishHtml(state, step, ctx, start);
            default -> throw new AssertionError("the emulation does not know the step " + step
                    + "; teach PipelineEmulator and JenkinsfileTest.KNOWN_STEPS");
        }
    }

    private void sh(BuildState state, String script, Ctx ctx, long start) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(state.params);
        env.putAll(ctx.env());
        env.put("WORKSPACE", ctx.cwd().toString());
        env.put("BUILD_NUMBER", String.valueOf(state.number));
        env.put("JOB_NAME", jobName);
        Path log = Files.createTempFile(state.dir, "sh-", ".log");
        ProcessBuilder pb = new ProcessBuilder("sh", "-xe", "-c", script).directory(ctx.cwd().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        int code;
        if (p.waitFor(SH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            code = p.exitValue();
        } else {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            code = -1;
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        state.steps.add(new StepRun(ctx.stage(), ctx.branch(), "sh", script, code, output,
                Duration.ofNanos(System.nanoTime() - start)));
        if (code != 0) {
            throw new StageFailed();
        }
    }

    private void stash(BuildState state, Call step, Ctx ctx, long start) throws Exception {
        String name = text(state, step.named().get("name"), ctx);
        String includes = text(state, step.named().get("includes"), ctx);
        if (step.named().containsKey("excludes")) {
            throw new AssertionError("the emulation does not know stash excludes: " + step);
        }
        boolean allowEmpty = Boolean.TRUE.equals(step.named().get("allowEmpty"));
        Path target = state.dir.resolve("stashes").resolve(name);
        deleteTree(target);
        List<Path> matched = matches(ctx.cwd(), includes, false);
        for (Path relative : matched) {
            copyEntry(ctx.cwd().resolve(relative), target.resolve(relative));
        }
        record(state, ctx, "stash", name + " " + includes + ": " + matched.size() + " files", matched.isEmpty() && !allowEmpty ? 1 : 0,
                String.join("\n", matched.stream().map(Path::toString).toList()), start);
        if (matched.isEmpty() && !allowEmpty) {
            throw new StageFailed(); // "No files included in stash"
        }
    }

    private void unstash(BuildState state, Call step, Ctx ctx, long start) throws Exception {
        String name = step.args().isEmpty() ? text(state, step.named().get("name"), ctx) : text(state, step.args().get(0), ctx);
        Path source = state.dir.resolve("stashes").resolve(name);
        if (!Files.isDirectory(source)) {
            record(state, ctx, "unstash", name + ": no such saved stash", 1, "", start);
            throw new StageFailed();
        }
        List<Path> entries = matches(source, "**", false);
        for (Path relative : entries) {
            copyEntry(source.resolve(relative), ctx.cwd().resolve(relative));
        }
        record(state, ctx, "unstash", name + ": " + entries.size() + " files", 0, "", start);
    }

    private void copyArtifacts(BuildState state, Call step, Ctx ctx, long start) throws Exception {
        String project = text(state, step.named().get("projectName"), ctx);
        if (!(step.named().get("selector") instanceof Call selector) || !selector.name().equals("lastSuccessful")) {
            throw new AssertionError("the emulation only knows selector: lastSuccessful(): " + step);
        }
        String filter = text(state, step.named().get("filter"), ctx);
        Path target = ctx.cwd().resolve(text(state, step.named().getOrDefault("target", ""), ctx));
        boolean flatten = Boolean.TRUE.equals(step.named().get("flatten"));
        boolean optional = Boolean.TRUE.equals(step.named().get("optional"));
        if (!project.equals(jobName)) {
            throw new AssertionError("the emulation has one job, " + jobName + ", not " + project);
        }
        // lastSuccessful() without stable: true takes unstable builds too, never failed ones
        Build from = builds.stream().filter(b -> b.result() != Result.FAILURE).reduce((a, b) -> b).orElse(null);
        List<Path> files = from == null ? List.of() : matches(from.archive(), filter, true);
        for (Path relative : files) {
            Path to = target.resolve(flatten ? relative.getFileName() : relative);
            Files.createDirectories(to.getParent());
            Files.copy(from.archive().resolve(relative), to, StandardCopyOption.REPLACE_EXISTING);
        }
        String detail = project + " " + filter + ": " + (from == null ? "no successful build" : "build #" + from.number())
                + ", " + files.size() + " files";
        boolean failed = files.isEmpty() && !optional;
        record(state, ctx, "copyArtifacts", detail, failed ? 1 : 0, "", start);
        if (failed) {
            throw new StageFailed();
        }
    }

    private void junit(BuildState state, Call step, Ctx ctx, long start) throws Exception {
        String pattern = text(state, step.named().get("testResults"), ctx);
        boolean allowEmpty = Boolean.TRUE.equals(step.named().get("allowEmptyResults"));
        List<Path> files = matches(ctx.cwd(), pattern, true);
        int tests = 0;
        int failures = 0;
        for (Path relative : files) {
            Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ctx.cwd().resolve(relative).toFile());
            tests += xml.getElementsByTagName("testcase").getLength();
            failures += xml.getElementsByTagName("failure").getLength() + xml.getElementsByTagName("error").getLength();
        }
        boolean failed = tests == 0 && !allowEmpty; // "None of the test reports contained any result"
        record(state, ctx, "junit", pattern + ": " + tests + " tests, " + failures + " failed", failed ? 1 : 0, "", start);
        if (failed) {
            throw new StageFailed();
        }
        synchronized (state) {
            state.junitTests += tests;
            state.junitFailures += failures;
        }
        if (failures > 0) {
            state.unstable();
        }
    }

    private void archive(BuildState state, Call step, Ctx ctx, long start) throws Exception {
        String pattern = text(state, step.named().get("artifacts"), ctx);
        boolean allowEmpty = Boolean.TRUE.equals(step.named().get("allowEmptyArchive"));
        List<Path> files = matches(ctx.cwd(), pattern, true); // followSymlinks defaults to true
        for (Path relative : files) {
            Path to = state.dir.resolve("archive").resolve(relative);
            Files.createDirectories(to.getParent());
            Files.copy(ctx.cwd().resolve(relative), to, StandardCopyOption.REPLACE_EXISTING);
        }
        boolean failed = files.isEmpty() && !allowEmpty;
        record(state, ctx, "archiveArtifacts", pattern + ": " + files.size() + " files", failed ? 1 : 0, "", start);
        if (failed) {
            throw new StageFailed();
        }
    }

    private void publishHtml(BuildState state, Call step, Ctx ctx, long start) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> target = (Map<String, Object>) step.named().get("target");
        Path dir = ctx.cwd().resolve(text(state, target.get("reportDir"), ctx));
        Path page = dir.resolve(text(state, target.get("reportFiles"), ctx));
        boolean missing = !Files.isRegularFile(page);
        boolean failed = missing && !Boolean.TRUE.equals(target.get("allowMissing"));
        record(state, ctx, "publishHTML", target.get("reportName") + ": " + ctx.cwd().relativize(page), failed ? 1 : 0, "", start);
        if (failed) {
            throw new StageFailed();
        }
        if (!missing) {
            state.published.add(Files.readString(page, StandardCharsets.UTF_8));
        }
    }

    private void record(BuildState state, Ctx ctx, Call step, String detail, int code, String output, long start) {
        record(state, ctx, step.name(), detail, code, output, start);
    }

    private void record(BuildState state, Ctx ctx, String step, String detail, int code, String output, long start) {
        state.steps.add(new StepRun(ctx.stage(), ctx.branch(), step, detail, code, output,
                Duration.ofNanos(System.nanoTime() - start)));
    }

    private String text(BuildState state, Object value, Ctx ctx) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Ref ref) {
            return ref.name().startsWith("params.") ? param(state, ref.name()) : ctx.env().get(ref.name());
        }
        if (value instanceof Template t) {
            return t.render(name -> name.startsWith("params.") ? param(state, name)
                    : name.startsWith("env.") ? ctx.env().get(name.substring(4)) : ctx.env().get(name));
        }
        throw new AssertionError("the emulation cannot make a string of " + value);
    }

    private static String param(BuildState state, String ref) {
        String name = ref.substring("params.".length());
        String value = state.params.get(name);
        if (value == null) {
            throw new AssertionError("no value for the parameter " + name);
        }
        return value;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Files: Ant patterns, copies that keep symlinks, deletion that never follows them.

    /**
     * Files (and symlinks, when not following them) under {@code root} whose relative path matches one of the
     * comma-separated Ant patterns, relative to root, sorted.
     */
    static List<Path> matches(Path root, String patterns, boolean followLinks) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Pattern> regexes = Stream.of(patterns.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(PipelineEmulator::antRegex).toList();
        FileVisitOption[] options = followLinks ? new FileVisitOption[] {FileVisitOption.FOLLOW_LINKS} : new FileVisitOption[0];
        try (Stream<Path> walk = Files.walk(root, options)) {
            return walk.filter(p -> followLinks ? Files.isRegularFile(p)
                            : Files.isSymbolicLink(p) || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(root::relativize)
                    .filter(rel -> regexes.stream().anyMatch(r -> r.matcher(rel.toString().replace('\\', '/')).matches()))
                    .sorted()
                    .toList();
        }
    }

    /** Ant's pattern language: ** any number of directories, * and ? within one name, a trailing / means /**. */
    static Pattern antRegex(String pattern) {
        String p = pattern.endsWith("/") ? pattern + "**" : pattern;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (p.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (p.startsWith("**", i)) {
                regex.append(".*");
                i += 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static void copyEntry(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        if (Files.isSymbolicLink(from)) {
            Path link = Files.readSymbolicLink(from);
            if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(to);
            }
            Files.deleteIfExists(to);
            Files.createSymbolicLink(to, link);
        } else {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
