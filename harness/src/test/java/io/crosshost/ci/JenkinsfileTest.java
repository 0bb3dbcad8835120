package io.crosshost.ci;

import io.crosshost.ci.Jenkinsfile.Call;
import io.crosshost.ci.Jenkinsfile.Ref;
import io.crosshost.ci.Jenkinsfile.Template;
import io.crosshost.ci.Jenkinsfile.Unsupported;
import io.crosshost.cli.CrosshostCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Jenkinsfile's structure, read from Groovy's AST without running it: the nightly trigger, the four
 * parameters, the stages and what each calls, and that every shell step is one crosshost command whose options
 * the command line accepts. JenkinsfileCommandsIT runs those commands on the lab.
 */
class JenkinsfileTest {

    /** What Jenkins puts into the environment of a shard's sh step (parameters, and the matrix axis). */
    private static final Map<String, String> ENV = Map.of("MATRIX", "scenarios/matrices/nightly-example.yaml",
            "SCENARIOS", "", "TAGS", "", "BASELINE_JOB", "", "SHARD", "3");

    /** Steps the pipeline may use; JenkinsfileCommandsIT emulates exactly these. */
    static final Set<String> KNOWN_STEPS = Set.of("sh", "stash", "unstash", "dir", "deleteDir", "script", "<if>",
            "copyArtifacts", "junit", "archiveArtifacts", "publishHTML");

    private static Jenkinsfile jenkinsfile;

    @BeforeAll
    static void parse() throws Exception {
        jenkinsfile = Jenkinsfile.load();
    }

    @Test
    void isOneDeclarativePipelineWithANightlyTrigger() {
        Call pipeline = jenkinsfile.pipeline();
        assertThat(pipeline.body()).extracting(Call::name)
                .containsExactly("agent", "triggers", "parameters", "options", "stages");
        assertThat(pipeline.child("agent").args()).containsExactly(new Ref("none"));

        List<Call> triggers = pipeline.child("triggers").body();
        assertThat(triggers).extracting(Call::name).containsExactly("cron");
        String spec = triggers.get(0).string();
        assertThat(spec.split("\\s+")).as("cron fields of '%s'", spec).hasSize(5);
        assertThat(spec).as("nightly: one run a day, at a minute and an hour in the night")
                .matches("H \\d{1,2} \\* \\* \\*");
        assertThat(Integer.parseInt(spec.split(" ")[1])).isBetween(0, 6);
    }

    @Test
    void takesTheFourParametersAsStrings() throws Exception {
        List<Call> parameters = jenkinsfile.pipeline().child("parameters").body();
        assertThat(parameters).extracting(Call::name).containsOnly("string");
        Map<String, Object> defaults = parameters.stream()
                .collect(Collectors.toMap(p -> (String) p.named().get("name"), p -> p.named().get("defaultValue"),
                        (a, b) -> a, java.util.LinkedHashMap::new));
        assertThat(defaults.keySet()).containsExactly("MATRIX", "SCENARIOS", "TAGS", "BASELINE_JOB");
        assertThat(defaults).containsEntry("SCENARIOS", "").containsEntry("TAGS", "").containsEntry("BASELINE_JOB", "");
        assertThat(Jenkinsfile.repositoryRoot().resolve((String) defaults.get("MATRIX")))
                .as("the default MATRIX is a file of the repository").isRegularFile();
        assertThat(parameters).allSatisfy(p -> assertThat(p.named().get("description")).asString().isNotBlank());
    }

    @Test
    void hasTheStagesInOrderEachOnACrosshostAgent() {
        assertThat(jenkinsfile.stages()).extracting(Call::string)
                .containsExactly("Validate", "Run shards", "Merge", "Sign-off");
        for (String name : List.of("Validate", "Merge", "Sign-off")) {
            assertThat(agentLabel(jenkinsfile.stage(name))).as(name).isEqualTo("crosshost");
        }
        assertThat(agentLabel(jenkinsfile.stage("Run shards").child("matrix"))).isEqualTo("crosshost");
    }

    @Test
    void validatesWithTheParameters() {
        List<Call> steps = steps(jenkinsfile.stage("Validate"));
        assertThat(steps).extracting(Call::name).containsExactly("sh");
        ParseResult validate = crosshost(steps.get(0), "validate");
        assertThat(option(validate, "--matrix")).isEqualTo(ENV.get("MATRIX"));
        assertThat(validate.hasMatchedOption("--scenario")).isTrue();
        assertThat(validate.hasMatchedOption("--tag")).isTrue();
    }

    @Test
    void runsFourShardsAsAMatrixOverShard() {
        Call matrix = jenkinsfile.stage("Run shards").child("matrix");
        Call axis = matrix.child("axes").child("axis");
        assertThat(axis.child("name").string()).isEqualTo("SHARD");
        List<Object> values = axis.child("values").args();
        assertThat(values).containsExactly("1", "2", "3", "4");

        List<Call> stages = matrix.child("stages").children("stage");
        assertThat(stages).hasSize(1);
        List<Call> steps = steps(stages.get(0));
        assertThat(steps).extracting(Call::name).containsExactly("dir", "sh", "stash");

        ParseResult run = crosshost(steps.get(1), "run");
        assertThat(option(run, "--matrix")).isEqualTo(ENV.get("MATRIX"));
        assertThat(run.hasMatchedOption("--scenario")).isTrue();
        assertThat(run.hasMatchedOption("--tag")).isTrue();
        assertThat(option(run, "--shard")).as("--shard K/N with N the number of SHARD values")
                .isEqualTo(ENV.get("SHARD") + "/" + values.size());
        assertThat(run.hasMatchedOption("--exit-zero-on-unexpected"))
                .as("an unexpected cell must not stop the merge; the sign-off gates on it").isTrue();
        String reports = option(run, "--reports").toString();
        assertThat(reports).isEqualTo("reports/shard-" + ENV.get("SHARD"));

        Call clean = steps.get(0);
        assertThat(render(clean.args().get(0))).as("the shard's reports are cleared before it runs").isEqualTo(reports);
        assertThat(clean.body()).extracting(Call::name).containsExactly("deleteDir");

        Call stash = steps.get(2);
        assertThat(render(stash.named().get("name"))).isEqualTo("shard-" + ENV.get("SHARD"));
        assertThat(render(stash.named().get("includes"))).as("the shard's whole reports folder (latest is a symlink)")
                .isEqualTo(reports + "/**");
    }

    @Test
    void mergesTheShardsAndPublishesTheGrid() {
        List<Call> steps = steps(jenkinsfile.stage("Merge"));
        assertThat(steps).extracting(Call::name).containsExactly("dir", "dir", "unstash", "unstash", "unstash", "unstash",
                "script", "sh", "junit", "archiveArtifacts", "publishHTML", "stash");
        assertThat(steps.subList(2, 6)).extracting(Call::string)
                .containsExactly("shard-1", "shard-2", "shard-3", "shard-4");

        ParseResult merge = crosshost(steps.get(7), "merge");
        assertThat(option(merge, "--matrix")).as("the unsharded run's cell order").isEqualTo(ENV.get("MATRIX"));
        assertThat(option(merge, "--reports").toString()).isEqualTo("reports/merged");
        assertThat(option(merge, "--baseline-if-present").toString()).isEqualTo("baseline/results.json");
        assertThat(merge.matchedPositionals()).flatExtracting(p -> p.stringValues())
                .containsExactly("reports/shard-*/latest/results.json");

        Call junit = steps.get(8);
        assertThat(junit.named()).containsEntry("testResults", "reports/merged/latest/junit.xml")
                .containsEntry("allowEmptyResults", false);
        assertThat(steps.get(9).named()).containsEntry("artifacts", "reports/merged/latest/**");
        @SuppressWarnings("unchecked")
        Map<String, Object> html = (Map<String, Object>) steps.get(10).named().get("target");
        assertThat(html).containsEntry("reportDir", "reports/merged/latest").containsEntry("reportFiles", "index.html")
                .containsEntry("allowMissing", false).containsEntry("keepAll", true);
        assertThat(steps.get(11).named()).containsEntry("name", "merged").containsEntry("includes", "reports/merged/**");

        Call copy = steps.get(6).child("<if>").child("copyArtifacts");
        assertThat(copy.named()).containsEntry("projectName", new Ref("params.BASELINE_JOB"))
                .containsEntry("optional", true).containsEntry("target", "baseline").containsEntry("flatten", true)
                .containsEntry("filter", "reports/merged/latest/results.json");
    }

    @Test
    void signsOffWithTheGateOnTheMergedRun() {
        List<Call> steps = steps(jenkinsfile.stage("Sign-off"));
        assertThat(steps).extracting(Call::name).containsExactly("unstash", "sh");
        assertThat(steps.get(0).string()).isEqualTo("merged");
        ParseResult gate = crosshost(steps.get(1), "gate");
        assertThat(gate.matchedPositionals()).flatExtracting(p -> p.stringValues())
                .containsExactly("reports/merged/latest/results.json");
    }

    @Test
    void everyShellStepIsOneCrosshostCommandTheCommandLineAccepts() {
        List<Call> sh = jenkinsfile.all().filter(c -> c.name().equals("sh")).toList();
        assertThat(sh).hasSize(4);
        assertThat(sh).extracting(c -> crosshost(c, null).commandSpec().name())
                .containsExactly("validate", "run", "merge", "gate");
    }

    @Test
    void hasNoLogicButTheOptionalBaseline() {
        List<Call> all = jenkinsfile.all().toList();
        List<Call> statements = all.stream().filter(c -> c.name().startsWith("<")).toList();
        assertThat(statements).as("statements other than DSL calls").singleElement().satisfies(ifCall -> {
            assertThat(ifCall.name()).isEqualTo("<if>");
            assertThat(ifCall.args()).containsExactly(new Ref("params.BASELINE_JOB"));
            assertThat(ifCall.body()).extracting(Call::name).containsExactly("copyArtifacts");
        });
        assertThat(all.stream().filter(c -> c.name().equals("script")))
                .allSatisfy(s -> assertThat(s.body()).extracting(Call::name).containsExactly("<if>"));
        assertThat(values(all)).as("expressions beyond strings, references and ${...} of a reference")
                .noneMatch(v -> v instanceof Unsupported);
        assertThat(values(all).filter(v -> v instanceof Template).map(v -> ((Template) v).names()))
                .allSatisfy(names -> assertThat(names).containsOnly("SHARD"));

        Set<String> steps = jenkinsfile.stages().stream().flatMap(JenkinsfileTest::stepTrees).map(Call::name)
                .collect(Collectors.toSet());
        assertThat(KNOWN_STEPS).as("steps JenkinsfileCommandsIT can emulate").containsAll(steps);
    }

    @Test
    void theParserSeesLogicWhereThereIsSome() {
        Jenkinsfile withLogic = Jenkinsfile.parse("""
                pipeline { stages { stage('x') { steps { script {
                    def n = 4
                    sh "./crosshost run --shard ${n + 0}/4"
                } } } } }
                """);
        List<Call> all = withLogic.all().toList();
        assertThat(all).extracting(Call::name).contains("<ExpressionStatement>");
        assertThat(values(all)).anyMatch(v -> v instanceof Unsupported);
        assertThatThrownBy(() -> Jenkinsfile.parse("node { sh 'make' }")).hasMessageContaining("one pipeline");
    }

    @Test
    void shellWordsAreSplitAsAShellWouldAndCompoundCommandsRefused() {
        assertThat(ShellWords.split("./crosshost run --scenario \"$SCENARIOS\" --shard \"$SHARD/4\" 'a b' c\\ d x*/y", ENV))
                .containsExactly("./crosshost", "run", "--scenario", "", "--shard", "3/4", "a b", "c d", "x*/y");
        assertThat(ShellWords.split("a ${SHARD}b \"\\$x\"", ENV)).containsExactly("a", "3b", "$x");
        for (String compound : List.of("a; b", "a && b", "a | b", "a > f", "a $(b)", "a `b`", "a\nb", "a \"$(b)\"")) {
            assertThatThrownBy(() -> ShellWords.split(compound, ENV)).as(compound).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String agentLabel(Call owner) {
        Call agent = owner.child("agent");
        assertThat(agent.body()).as("agent of %s", owner).extracting(Call::name).containsExactly("label");
        return agent.child("label").string();
    }

    /** A stage's steps, at the top level of its steps block. */
    private static List<Call> steps(Call stage) {
        return stage.child("steps").body();
    }

    /** Every step call under a stage, nested ones (in dir, script, if) included. */
    private static Stream<Call> stepTrees(Call stage) {
        Stream<Call> direct = stage.children("steps").stream().flatMap(s -> s.body().stream()).flatMap(JenkinsfileTest::stepAndNested);
        Stream<Call> nestedStages = stage.body().stream()
                .flatMap(c -> c.name().equals("matrix") ? c.child("stages").children("stage").stream() : Stream.empty())
                .flatMap(JenkinsfileTest::stepTrees);
        return Stream.concat(direct, nestedStages);
    }

    private static Stream<Call> stepAndNested(Call step) {
        return Stream.concat(Stream.of(step), step.body().stream().flatMap(JenkinsfileTest::stepAndNested));
    }

    private static Stream<Object> values(List<Call> calls) {
        return calls.stream().flatMap(c -> Stream.concat(c.args().stream(), c.named().values().stream()))
                .flatMap(JenkinsfileTest::flatten);
    }

    private static Stream<Object> flatten(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().flatMap(JenkinsfileTest::flatten);
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().flatMap(JenkinsfileTest::flatten);
        }
        return Stream.of(v);
    }

    private static String render(Object value) {
        if (value instanceof String s) {
            return s;
        }
        assertThat(value).isInstanceOf(Template.class);
        return ((Template) value).render(ENV::get);
    }

    /**
     * The sh step's command parsed by the crosshost command line itself (parsed, not run): a plain single-quoted
     * string (the shell expands the parameters, not Groovy), one simple command, ./crosshost, the expected verb.
     */
    private static ParseResult crosshost(Call sh, String verb) {
        assertThat(sh.args()).as("%s: one plain string, no Groovy interpolation", sh).singleElement().isInstanceOf(String.class);
        List<String> words = ShellWords.split(sh.string(), ENV);
        assertThat(words.get(0)).as(sh.string()).isEqualTo("./crosshost");
        ParseResult parsed = new CommandLine(new CrosshostCommand()).parseArgs(words.subList(1, words.size()).toArray(String[]::new));
        assertThat(parsed.subcommand()).as("a verb in %s", sh.string()).isNotNull();
        if (verb != null) {
            assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(verb);
        }
        return parsed.subcommand();
    }

    private static Object option(ParseResult verb, String name) {
        assertThat(verb.hasMatchedOption(name)).as(name).isTrue();
        Object value = verb.matchedOptionValue(name, null);
        return value instanceof java.nio.file.Path p ? p.toString() : value;
    }
}
