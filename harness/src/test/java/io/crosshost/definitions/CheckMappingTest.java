package io.crosshost.definitions;

import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.FileExpectation.Who;
import io.crosshost.scenario.FileType;
import io.crosshost.scenario.ImageExpectation;
import io.crosshost.scenario.PackageExpectation;
import io.crosshost.scenario.TextPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks beyond exit code and streams, from Crosshost's own format into the model; the file passes the schema too. */
class CheckMappingTest {

    @Test
    void filesImageAndPackagesAreMapped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("checks.yaml");
        Files.writeString(file, """
                id: checks
                title: every new check
                run: ln -s /etc/hostname /tmp/link
                expect:
                  stdout: {not_matches: ['^E:', 'panic']}
                  stderr: {not_matches: 'Traceback'}
                  files:
                    - path: /bin/sh
                      type: symlink
                      target: dash
                    - path: /usr/bin/passwd
                      mode: "4755"
                      owner: root
                      group: 0
                      executable_by: [owner, other]
                      matches: 'ELF'
                      not_matches: ['^#!']
                    - {path: /etc/debian_version, size: 5, sha256: %s}
                    - {path: /etc/shadow, mode: 640}
                    - {path: /gone, exists: false}
                  image:
                    env: {PATH: {matches: '/usr/bin'}, LANG: C.UTF-8}
                    not_env: [DEBUG]
                    labels: {maintainer: qe}
                    entrypoint: []
                    cmd: [bash]
                    workdir: /srv
                    user: 1000
                    exposed_ports: ["8080/tcp", "9090"]
                    not_exposed_ports: ["22"]
                    volumes: [/data]
                    not_volumes: [/tmp]
                  packages:
                    - {name: bash}
                    - {name: libc6, version: 2.36-9+deb12u13}
                    - {name: vim, installed: false}
                    - {name: multi, version: [1.0, "2.0"]}
                """.formatted("a".repeat(64)));

        LoadedDefinitions loaded = DefinitionLoader.loadScenarios(List.of(file));

        assertThat(loaded.problems()).isEmpty();
        assertThat(SchemaCheck.scenarioErrors(file)).isEmpty();
        Expectations e = loaded.scenarios().get(0).steps().get(0).expect();
        assertThat(e.stdout().notMatches()).extracting(TextPattern::source).containsExactly("^E:", "panic");
        assertThat(e.stdout().notMatches().get(0).satisfiedBy("ok\nE: broken")).as("multi-line ^").isTrue();
        assertThat(e.stderr().notMatches()).extracting(TextPattern::source).containsExactly("Traceback");

        List<FileExpectation> f = e.files();
        assertThat(f.get(0).type()).isEqualTo(FileType.SYMLINK);
        assertThat(f.get(0).target()).isEqualTo("dash");
        assertThat(f.get(1).mode()).isEqualTo(04755);
        assertThat(f.get(1).owner()).isEqualTo("root");
        assertThat(f.get(1).group()).isEqualTo("0");
        assertThat(f.get(1).executableBy()).containsExactlyInAnyOrder(Who.OWNER, Who.OTHER);
        assertThat(f.get(1).matches()).extracting(TextPattern::source).containsExactly("ELF");
        assertThat(f.get(1).notMatches()).extracting(TextPattern::source).containsExactly("^#!");
        assertThat(f.get(2).size()).isEqualTo(5L);
        assertThat(f.get(2).sha256()).isEqualTo("a".repeat(64));
        assertThat(f.get(3).mode()).as("a bare 640 is read as octal digits").isEqualTo(0640);
        assertThat(f.get(4).exists()).isFalse();

        ImageExpectation image = e.image();
        assertThat(image.env().get("PATH").satisfiedBy("/usr/local/bin:/usr/bin")).isTrue();
        assertThat(image.env().get("LANG").satisfiedBy("C.UTF-8")).isTrue();
        assertThat(image.env().get("LANG").satisfiedBy("C")).isFalse();
        assertThat(image.absentEnv()).containsExactly("DEBUG");
        assertThat(image.labels().get("maintainer").equalTo()).isEqualTo("qe");
        assertThat(image.entrypoint()).isEmpty();
        assertThat(image.cmd()).containsExactly("bash");
        assertThat(image.workdir()).isEqualTo("/srv");
        assertThat(image.user()).isEqualTo("1000");
        assertThat(image.exposedPorts()).containsExactly("8080/tcp", "9090");
        assertThat(image.notExposedPorts()).containsExactly("22");
        assertThat(image.volumes()).containsExactly("/data");
        assertThat(image.notVolumes()).containsExactly("/tmp");

        assertThat(e.packages()).containsExactly(new PackageExpectation("bash", true, List.of()),
                new PackageExpectation("libc6", true, List.of("2.36-9+deb12u13")),
                new PackageExpectation("vim", false, List.of()),
                new PackageExpectation("multi", true, List.of("1.0", "2.0")));
    }
}
