package io.crosshost.definitions;

import io.crosshost.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding the files, keeping paths as given, and reporting all problems of a load at once. */
class LoaderTest {

    @TempDir
    Path dir;

    @Test
    void directoriesAreSearchedRecursivelySkippingMatricesAndSchema() throws IOException {
        Files.createDirectories(dir.resolve("catalog/net/matrices"));
        Files.createDirectories(dir.resolve("catalog/schema"));
        Files.createDirectories(dir.resolve("catalog/matrices"));
        Files.writeString(dir.resolve("catalog/a.yaml"), "id: a\ntitle: t\nrun: 'true'\n");
        Files.writeString(dir.resolve("catalog/net/b.yml"), "id: b\ntitle: t\nrun: 'true'\n");
        Files.writeString(dir.resolve("catalog/net/matrices/m.yaml"), "hosts: []\n");
        Files.writeString(dir.resolve("catalog/matrices/lab.yaml"), "hosts: []\n");
        Files.writeString(dir.resolve("catalog/schema/x.yaml"), "not: [a scenario\n");
        Files.writeString(dir.resolve("catalog/README.md"), "# not yaml\n");

        LoadedDefinitions loaded = DefinitionLoader.loadScenarios(List.of(dir.resolve("catalog")));

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.scenarios()).extracting(Scenario::id).containsExactly("a", "b");
        assertThat(loaded.scenarios().get(1).source().file()).isEqualTo(dir.resolve("catalog/net/b.yml"));
    }

    @Test
    void relativePathsStayRelativeInMessages() throws IOException {
        Path relativeDir = Files.createTempDirectory(Path.of("target"), "relative");
        Path relative = relativeDir.resolve("typo.yaml");
        Files.writeString(relative, "id: a\ntitle: t\nrun: 'true'\nretires: 2\n");

        LoadedDefinitions loaded = DefinitionLoader.loadScenarios(List.of(relative));

        assertThat(relative.isAbsolute()).isFalse();
        assertThat(loaded.problems()).extracting(Problem::toString)
                .containsExactly(relative + ":4:1: unknown key 'retires' in scenario, did you mean 'retries'?");
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceInFileOrder() throws IOException {
        Path file = dir.resolve("many.yaml");
        Files.writeString(file, """
                id: Many Errors
                title: [not, a, string]
                tags: smoke
                run: useradd fred
                timeout: soon
                memory: lots
                isolation: frsh
                expect:
                  exit_code: [0, -1]
                  stdout:
                    matches: "fred:("
                  stdrr: {contains: x}
                known_failures:
                  - hosts: docker-legacy*
                """);

        LoadedDefinitions loaded = DefinitionLoader.loadScenarios(List.of(file));

        assertThat(loaded.scenarios()).isEmpty();
        assertThat(loaded.problems()).extracting(p -> p.location().line() + ":" + p.location().column() + " " + p.message())
                .containsExactly(
                        "1:5 invalid scenario id 'Many Errors': use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, such as useradd-passwd",
                        "2:8 expected a string for 'title', got a list",
                        "3:7 expected a list of strings for 'tags', got a string",
                        "5:10 invalid duration 'soon' for 'timeout': expected a number with a unit ms, s, m or h, such as 500ms, 30s, 2m or 1h30m",
                        "6:9 invalid size 'lots' for 'memory': expected a number of bytes, or a number with a unit k, m, g or t (KiB, MiB, GiB, TiB also), such as 256m or 1g",
                        "7:12 invalid value 'frsh' for 'isolation': expected one of fresh, shared, did you mean 'fresh'?",
                        "9:18 exit codes are 0 to 255, got -1",
                        "11:14 invalid regular expression 'fred:(' in expect.stdout.matches: Unclosed group near index 6",
                        "12:3 unknown key 'stdrr' in expect, did you mean 'stderr'?",
                        "14:5 missing required key 'reason' in a known failure");
        assertThat(SchemaCheck.scenarioErrors(file)).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void anEmptyDirectoryAndAnEmptyFileAreProblems() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        Path emptyFile = dir.resolve("blank.yaml");
        Files.writeString(emptyFile, "# only a comment\n");

        LoadedDefinitions loaded = DefinitionLoader.loadScenarios(List.of(dir.resolve("empty"), emptyFile));

        assertThat(loaded.problems()).extracting(Problem::toString).containsExactly(
                emptyFile + ":1:1: the file is empty",
                dir.resolve("empty") + ":1:1: no scenario files (*.yaml, *.yml) in this directory");
    }

    @Test
    void problemPrintsAsFileLineColumnMessage() {
        Problem p = new Problem(new io.crosshost.scenario.SourceLocation(Path.of("scenarios/useradd.yaml"), 7, 3), "unknown key 'expcet'");

        assertThat(p).hasToString("scenarios/useradd.yaml:7:3: unknown key 'expcet'");
    }
}
