package io.crosshost.definitions;

import io.crosshost.container.ContainerSpec;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.FileExpectation.Who;
import io.crosshost.scenario.FileType;
import io.crosshost.scenario.Scenario;
import io.crosshost.scenario.Step;
import io.crosshost.scenario.TextPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * container-structure-test and goss files into scenarios: every key the translators take, the upstream semantics
 * they carry (RE2 found anywhere, goss line patterns, no entrypoint, no shell), and the located problems of bad files.
 */
class ImportedSuitesTest {

    private static final Path SUITES = Path.of("src/test/resources/suites");

    private static Map<String, Scenario> load(Path... paths) {
        LoadedDefinitions loaded = DefinitionLoader.loadScenarios(List.of(paths));
        assertThat(loaded.problems()).isEmpty();
        return loaded.scenarios().stream().collect(Collectors.toMap(Scenario::id, Function.identity()));
    }

    @Test
    void cstV2CommandTestsRunWithoutEntrypointOrShell() {
        Map<String, Scenario> s = load(SUITES.resolve("cst/debian-base.yaml"));
        Scenario apt = s.get("cst.debian-base.apt-can-resolve-its-own-package");
        assertThat(apt.title()).isEqualTo("Command Test: apt can resolve its own package");
        assertThat(apt.tags()).containsExactly("cst", "debian-base");
        assertThat(apt.options().entrypoint()).isEqualTo(ContainerSpec.NO_ENTRYPOINT);
        assertThat(apt.options().env()).containsEntry("LC_ALL", "C");
        Step step = apt.steps().get(0);
        assertThat(step.command().argv()).containsExactly("apt-cache", "policy", "apt");
        assertThat(step.expect().exitCodes()).containsExactly(0);
        assertThat(step.expect().stdout().matches()).singleElement().isInstanceOf(TextPattern.GoRegex.class)
                .satisfies(p -> assertThat(p.satisfiedBy("apt:\n  Installed: 2.6.1\n")).as("found anywhere").isTrue());
        assertThat(step.expect().stdout().notMatches()).extracting(TextPattern::source).containsExactly("\\(none\\)");

        Scenario setup = s.get("cst.debian-base.setup-commands-change-what-the-test-sees");
        assertThat(setup.steps()).extracting(st -> st.command().display())
                .containsExactly("mkdir -p /srv/app", "touch /srv/app/ready", "ls /srv/app");
        assertThat(setup.steps().get(0).expect().exitCodes()).as("CST ignores a setup command's exit code").isEmpty();
        assertThat(s.get("cst.debian-base.envvars-reach-the-command").options().env())
                .containsEntry("GREETING", "hello from cst").containsEntry("LC_ALL", "C");
        Step missing = s.get("cst.debian-base.a-missing-file-is-an-error-on-stderr").steps().get(0);
        assertThat(missing.expect().exitCodes()).containsExactly(1);
        assertThat(missing.expect().stderr().matches()).extracting(TextPattern::source).containsExactly("No such file or directory");
        assertThat(missing.expect().stderr().notMatches()).extracting(TextPattern::source).containsExactly("Permission denied");
    }

    @Test
    void cstFileMetadataAndLicenseTestsReadAContainerThatNeverStarts() {
        Map<String, Scenario> s = load(SUITES.resolve("cst/debian-base.yaml"));
        Step passwd = s.get("cst.debian-base.passwd-is-setuid-root").steps().get(0);
        assertThat(passwd.command().isNone()).isTrue();
        FileExpectation f = passwd.expect().files().get(0);
        assertThat(f.mode()).isEqualTo(04755);
        assertThat(f.type()).isEqualTo(FileType.FILE);
        assertThat(f.owner()).isEqualTo("0");
        assertThat(f.group()).isEqualTo("0");
        assertThat(f.executableBy()).containsExactly(Who.OTHER);
        FileExpectation tmp = s.get("cst.debian-base.tmp-is-world-writable-and-sticky").steps().get(0).expect().files().get(0);
        assertThat(tmp.type()).isEqualTo(FileType.DIRECTORY);
        assertThat(tmp.mode()).isEqualTo(01777);
        assertThat(s.get("cst.debian-base.no-leftover-apt-lists").steps().get(0).expect().files().get(0).exists()).isFalse();
        FileExpectation osRelease = s.get("cst.debian-base.debian-12").steps().get(0).expect().files().get(0);
        assertThat(osRelease.matches()).hasSize(2);
        assertThat(osRelease.notMatches()).extracting(TextPattern::source).containsExactly("ubuntu");

        var image = s.get("cst.debian-base.metadata").steps().get(0).expect().image();
        assertThat(image.cmd()).containsExactly("/bin/sh");
        assertThat(image.entrypoint()).isEmpty();
        assertThat(image.absentEnv()).containsExactly("DEBUG");
        assertThat(image.notExposedPorts()).containsExactly("22");
        assertThat(image.notVolumes()).containsExactly("/var/lib/docker");
        var license = s.get("cst.debian-base.license-1").steps().get(0).expect().files();
        assertThat(license).extracting(FileExpectation::path).containsExactly("/usr/share/doc/bash/copyright", "/usr/share/doc/dpkg/copyright");
        assertThat(license.get(0).notMatches().get(0).satisfiedBy("GNU AFFERO ... agpl")).isTrue();
    }

    @Test
    void cstV1JsonTakesItsCommandAsAList() {
        Map<String, Scenario> s = load(SUITES.resolve("cst/busybox-v1.json"));
        assertThat(s).containsOnlyKeys("cst.busybox-v1.busybox-answers-to-its-applet-name", "cst.busybox-v1.sh-runs-a-script",
                "cst.busybox-v1.busybox-binary", "cst.busybox-v1.root-in-passwd");
        assertThat(s.get("cst.busybox-v1.sh-runs-a-script").steps().get(0).command().argv()).containsExactly("sh", "-c", "echo $((6 * 7))");
        assertThat(s.get("cst.busybox-v1.sh-runs-a-script").steps().get(0).expect().stdout().matches().get(0).satisfiedBy("42\n"))
                .isTrue();
    }

    @Test
    void gossResourcesIncludesAndSkips() {
        Map<String, Scenario> s = load(SUITES.resolve("goss/goss.yaml"));
        assertThat(s).containsKeys("goss.goss.command-dpkg---print-architecture", "goss.goss-accounts.user-root",
                "goss.goss-accounts.group-nogroup").doesNotContainKey("goss.goss.package-telnet");
        Step date = s.get("goss.goss.command-date-utc").steps().get(0);
        assertThat(date.name()).isEqualTo("Command: date-utc");
        assertThat(date.command().toArgv()).containsExactly("sh", "-c", "date +%Z");
        assertThat(date.expect().stdout().matches()).allSatisfy(p -> assertThat(p).isInstanceOf(TextPattern.GossPattern.class));
        assertThat(date.expect().stdout().matches().get(1).satisfiedBy("UTC\n")).as("!CET: no line has CET").isTrue();
        assertThat(s.get("goss.goss.command-false-is-false").options().timeout()).hasMillis(5000);
        FileExpectation passwd = s.get("goss.goss.file-etc-passwd").steps().get(0).expect().files().get(0);
        assertThat(passwd.mode()).isEqualTo(0644);
        assertThat(passwd.owner()).isEqualTo("root");
        assertThat(passwd.matches().get(1).satisfiedBy("root:x:0:0\ntoor:x:0:0\n")).isFalse();
        FileExpectation link = s.get("goss.goss.file-etc-os-release").steps().get(0).expect().files().get(0);
        assertThat(link.type()).isEqualTo(FileType.SYMLINK);
        assertThat(link.target()).isEqualTo("../usr/lib/os-release");
        var packages = s.get("goss.goss.package-openssh-server").steps().get(0).expect().packages();
        assertThat(packages).singleElement().satisfies(p -> assertThat(p.installed()).isFalse());
        Step root = s.get("goss.goss-accounts.user-root").steps().get(0);
        assertThat(root.command().argv()).containsExactly("id", "-Gn", "root");
        assertThat(root.expect().files().get(0).matches()).extracting(p -> p.satisfiedBy("root:x:0:0:root:/root:/bin/bash\n"))
                .containsOnly(true);
        assertThat(s.get("goss.goss.process-sshd").steps().get(0).expect().stdout().notMatches()).singleElement()
                .satisfies(p -> assertThat(p.satisfiedBy("sh\nsshd\n")).isTrue());
    }

    private static List<String> problems(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return DefinitionLoader.loadScenarios(List.of(file)).problems().stream().map(p -> p.toString().substring(dir.toString().length() + 1)).toList();
    }

    @Test
    void badCstFilesAreReportedWhereTheyAreBroken(@TempDir Path dir) throws IOException {
        assertThat(problems(dir, "a.yaml", "schemaVersion: 2.0.0\ncommandTest:\n  - name: x\n")).containsExactly(
                "a.yaml:2:1: unknown key 'commandTest' in a container-structure-test 2.0.0 file, did you mean 'commandTests'?");
        assertThat(problems(dir, "b.yaml", "schemaVersion: 3.0.0\n")).containsExactly(
                "b.yaml:1:16: unknown container-structure-test schemaVersion '3.0.0': expected 1.0.0 or 2.0.0");
        assertThat(problems(dir, "c.yaml", """
                schemaVersion: 2.0.0
                commandTests:
                  - name: backreference
                    command: echo
                    expectedOutput: ['(a)\\1']
                    exitcode: 0
                """)).containsExactly(
                "c.yaml:5:22: invalid Go regular expression '(a)\\1' in expectedOutput: invalid escape sequence (RE2 syntax, as cst reads it: no backreferences or lookaround)",
                "c.yaml:6:5: unknown key 'exitcode' in a commandTest, did you mean 'exitCode'?");
        assertThat(problems(dir, "d.yaml", """
                schemaVersion: 2.0.0
                containerRunOptions:
                  bindMounts: ["/tmp:/tmp"]
                fileExistenceTests:
                  - {name: p, path: /x, permissions: rwxr-xr-x}
                  - {name: q, path: $HOME/x}
                """)).containsExactly(
                "d.yaml:3:15: containerRunOptions.bindMounts is not supported: a cell runs on many hosts, and a host path exists on one; copy the files into the image",
                "d.yaml:5:38: expected permissions as Go writes a file mode, such as -rw-r--r--, drwxr-xr-x, Lrwxrwxrwx or urwxr-xr-x (setuid), got 'rwxr-xr-x'",
                "d.yaml:6:21: '$HOME/x' uses $VARIABLE, which container-structure-test replaces with the image's environment and Crosshost does not support: write the value out");
        assertThat(problems(dir, "e.json", "{\"schemaVersion\": \"1.0.0\", \"metadataTest\": {}}")).containsExactly(
                "e.json:1:28: unknown key 'metadataTest' in a container-structure-test 1.0.0 file; valid keys are schemaVersion, globalEnvVars, commandTests, fileExistenceTests, fileContentTests, licenseTests");
    }

    @Test
    void gossResourcesThatMakeNoSenseInAOneShotContainerAreRefusedWithTheReason(@TempDir Path dir) throws IOException {
        assertThat(problems(dir, "goss.yaml", """
                port:
                  tcp:22:
                    listening: true
                http:
                  https://example.org:
                    status: 200
                command:
                  echo hi:
                    exit-status: {lt: 1}
                    stdot: [hi]
                file:
                  /x:
                    exists: true
                    md5: abc
                gossfile:
                  missing.yaml: {}
                """)).containsExactly(
                "goss.yaml:1:1: goss 'port' resources are not supported: a cell's container runs only the test, with network none: no service of the image listens in it",
                "goss.yaml:4:1: goss 'http' resources are not supported: cells run with network none: no request leaves the container, and a test host must not reach outside",
                "goss.yaml:9:18: the goss matcher 'lt' for 'exit-status' is not supported: write the value itself",
                "goss.yaml:10:5: unknown key 'stdot' in goss command 'echo hi', did you mean 'stdout'?",
                "goss.yaml:14:10: goss file 'md5' is not supported: use sha256",
                "goss.yaml:16:3: the gossfile 'missing.yaml' matches no file next to goss.yaml");
    }

    @Test
    void validateExitsWith2AndNoStackTraceForABrokenSuite(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("goss.yaml");
        Files.writeString(file, "service:\n  sshd:\n    enabled: true\n");
        io.crosshost.cli.Cli.Result r = io.crosshost.cli.Cli.run("validate", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(file + ":1:1: goss 'service' resources are not supported: a cell's container has no init system")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }
}
