package io.crosshost.definitions;

import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.matrix.Matrix;
import io.crosshost.scenario.Isolation;
import io.crosshost.scenario.KnownFailure;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Scenario;
import io.crosshost.scenario.Step;
import io.crosshost.scenario.TextPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every key lands in the right field of the model, with the documented defaults for what is absent. */
class ModelMappingTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void everyScenarioKeyIsMapped() throws IOException {
        Path file = write("full.yaml", """
                id: full.example_1
                title: every key
                description: "Why: to check the mapping."
                tags: [smoke, users]
                bugs: ['https://bugzilla.redhat.com/show_bug.cgi?id=1112748']
                argv: [sh, -c, 'echo hi; echo oops >&2; exit 3']
                expect:
                  exit_code: [3, 4]
                  stdout: {contains: hi, not_contains: [bye, ciao], matches: '^h.$', equals: "hi\\n"}
                  stderr: {contains: [oops]}
                  files:
                    - {path: /etc/passwd, contains: ['root:']}
                    - {path: /nope, exists: false}
                user: 1000
                workdir: /srv
                env:
                  DEBUG: 1
                  MODE: "on"
                  TOKEN: {value: s3cret, secret: true}
                timeout: 1m30s
                network: bridge
                cap_add: [cap_net_admin, SYS_PTRACE]
                cap_drop: [all]
                security_opt: [seccomp=unconfined]
                read_only: true
                privileged: false
                memory: 512MiB
                pids_limit: 100
                retries: 2
                isolation: shared
                known_failures:
                  - {hosts: "*rhel7*", images: [fedora-14*, rhel-6*], reason: old libselinux, bug: 'https://example.org/b/1'}
                  - {reason: everywhere}
                """);

        LoadedDefinitions loaded = DefinitionLoader.loadScenarios(List.of(file));

        assertThat(loaded.problems()).isEmpty();
        Scenario s = loaded.scenarios().get(0);
        assertThat(s.id()).isEqualTo("full.example_1");
        assertThat(s.title()).isEqualTo("every key");
        assertThat(s.description()).isEqualTo("Why: to check the mapping.");
        assertThat(s.tags()).containsExactlyInAnyOrder("smoke", "users");
        assertThat(s.bugs()).containsExactly("https://bugzilla.redhat.com/show_bug.cgi?id=1112748");
        assertThat(s.retries()).isEqualTo(2);
        assertThat(s.isolation()).isEqualTo(Isolation.SHARED);
        assertThat(s.source()).hasToString(file + ":1:1");

        Step step = s.steps().get(0);
        assertThat(step.name()).isEqualTo("main");
        assertThat(step.command().argv()).containsExactly("sh", "-c", "echo hi; echo oops >&2; exit 3");
        assertThat(step.expect().exitCodes()).containsExactlyInAnyOrder(3, 4);
        assertThat(step.expect().stdout().contains()).containsExactly("hi");
        assertThat(step.expect().stdout().notContains()).containsExactly("bye", "ciao");
        assertThat(step.expect().stdout().matches()).extracting(TextPattern::source).containsExactly("^h.$");
        assertThat(step.expect().stdout().matches().get(0).satisfiedBy("x\nhi\ny")).as("multi-line ^ and $").isTrue();
        assertThat(step.expect().stdout().equalTo()).isEqualTo("hi\n");
        assertThat(step.expect().stderr().contains()).containsExactly("oops");
        assertThat(step.expect().files()).extracting(f -> f.path() + " " + f.exists() + " " + f.contains())
                .containsExactly("/etc/passwd true [root:]", "/nope false []");

        RunOptions o = s.options();
        assertThat(o.user()).isEqualTo("1000");
        assertThat(o.workdir()).isEqualTo("/srv");
        assertThat(o.env()).containsExactlyInAnyOrderEntriesOf(Map.of("DEBUG", "1", "MODE", "on", "TOKEN", "s3cret"));
        assertThat(o.secretEnv()).containsExactly("TOKEN");
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.network()).isEqualTo("bridge");
        assertThat(o.capAdd()).containsExactly("NET_ADMIN", "SYS_PTRACE");
        assertThat(o.capDrop()).containsExactly("ALL");
        assertThat(o.securityOpt()).containsExactly("seccomp=unconfined");
        assertThat(o.readOnly()).isTrue();
        assertThat(o.privileged()).isFalse();
        assertThat(o.memoryBytes()).isEqualTo(512L << 20);
        assertThat(o.pidsLimit()).isEqualTo(100L);

        assertThat(s.knownFailures()).extracting(KnownFailure::hosts, KnownFailure::images, KnownFailure::reason, KnownFailure::bug)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(List.of("*rhel7*"), List.of("fedora-14*", "rhel-6*"), "old libselinux", "https://example.org/b/1"),
                        org.assertj.core.groups.Tuple.tuple(List.of(), List.of(), "everywhere", null));
        assertThat(s.knownFailures().get(0).source()).hasToString(file + ":32:5");
        assertThat(SchemaCheck.scenarioErrors(file)).isEmpty();
    }

    @Test
    void absentKeysGetTheDefaults() throws IOException {
        Path file = write("min.yaml", "id: min\ntitle: minimal\nrun: 'true'\n");

        Scenario s = DefinitionLoader.loadScenarios(List.of(file)).scenarios().get(0);

        assertThat(s.description()).isEmpty();
        assertThat(s.tags()).isEmpty();
        assertThat(s.retries()).isZero();
        assertThat(s.isolation()).isEqualTo(Isolation.FRESH);
        assertThat(s.options()).isEqualTo(RunOptions.DEFAULT);
        assertThat(s.steps()).singleElement().satisfies(step -> {
            assertThat(step.command().toArgv()).containsExactly("sh", "-c", "true");
            assertThat(step.expect().exitCodes()).containsExactly(0);
        });
    }

    @Test
    void aListFileHoldsSeveralScenariosAndStepsGetTheirNames() throws IOException {
        Path file = write("list.yaml", """
                scenarios:
                  - id: one
                    title: first
                    run: 'true'
                  - id: two
                    title: second
                    steps:
                      - run: mkdir -p /tmp/x
                      - name: check
                        argv: [test, -d, /tmp/x]
                        expect: {exit_code: 0}
                """);

        List<Scenario> scenarios = DefinitionLoader.loadScenarios(List.of(file)).scenarios();

        assertThat(scenarios).extracting(Scenario::id).containsExactly("one", "two");
        assertThat(scenarios.get(1).steps()).extracting(Step::name).containsExactly("step 1", "check");
        assertThat(scenarios.get(1).steps().get(1).source()).hasToString(file + ":9:9");
        assertThat(SchemaCheck.scenarioErrors(file)).isEmpty();
    }

    @Test
    void matrixKeysAreMappedAndDefaultsFilledFromStandard() throws IOException {
        Files.createDirectories(dir.resolve("m/certs/remote"));
        Path file = write("m/nightly.yaml", """
                hosts:
                  - name: remote
                    endpoint: tcp://remote.example.com:2376
                    tls: {cert_dir: certs/remote}
                    concurrency: 4
                    labels: {os: rhel-7.9, selinux: enforcing}
                  - {name: local, endpoint: default}
                images:
                  - {name: ubi-9, ref: 'registry.access.redhat.com/ubi9/ubi:9.4', platform: linux/amd64, pull: always}
                  - {name: debian-13, ref: 'debian:13'}
                scenarios: {tags: [smoke], exclude_ids: [useradd-passwd], exclude_tags: [slow]}
                exclude:
                  - {scenarios: ['threads-*'], images: [ubi-9], reason: no dpkg-deb}
                defaults: {timeout: 5m, retries: 1, network: disabled}
                """);

        LoadedDefinitions loaded = DefinitionLoader.loadMatrix(file);

        assertThat(loaded.problems()).isEmpty();
        Matrix m = loaded.matrix();
        assertThat(m.name()).as("the file's base name").isEqualTo("nightly");
        HostSpec remote = m.hosts().get(0);
        assertThat(remote.endpoint().uri()).isEqualTo("tcp://remote.example.com:2376");
        assertThat(remote.endpoint().tlsCertDir()).isEqualTo(dir.resolve("m/certs/remote"));
        assertThat(remote.concurrency()).isEqualTo(4);
        assertThat(remote.labels()).containsEntry("os", "rhel-7.9");
        assertThat(m.hosts().get(1).endpoint().isDefault()).isTrue();
        assertThat(m.hosts().get(1).concurrency()).isEqualTo(1);
        assertThat(m.images()).extracting(ImageSpec::name, ImageSpec::platform, ImageSpec::pull).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ubi-9", "linux/amd64", ImageSpec.PullPolicy.ALWAYS),
                org.assertj.core.groups.Tuple.tuple("debian-13", null, ImageSpec.PullPolicy.MISSING));
        assertThat(m.scenarios().tags()).containsExactly("smoke");
        assertThat(m.scenarios().excludeIds()).containsExactly("useradd-passwd");
        assertThat(m.scenarios().excludeTags()).containsExactly("slow");
        assertThat(m.exclusionFor("threads-clone3", "local", "ubi-9")).map(e -> e.reason()).contains("no dpkg-deb");
        assertThat(m.defaults()).isEqualTo(new Defaults(Duration.ofMinutes(5), Defaults.STANDARD.outputCapBytes(), 1,
                Defaults.STANDARD.memoryBytes(), Defaults.STANDARD.pidsLimit(), Defaults.NETWORK_DISABLED));
        assertThat(m.source()).hasToString(file + ":1:1");
        assertThat(SchemaCheck.matrixErrors(file)).isEmpty();
    }
}
