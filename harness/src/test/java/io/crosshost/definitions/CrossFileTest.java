package io.crosshost.definitions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Problems between files: a JSON Schema sees one file at a time, so none of these can be caught by the schemas;
 * each file here is valid against its schema on its own, which the tests check too.
 */
class CrossFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private Path labMatrix() throws IOException {
        return write("matrices/lab.yaml", """
                name: lab
                hosts:
                  - {name: docker, endpoint: 'unix:///var/run/docker.sock'}
                  - {name: docker-legacy, endpoint: 'unix:///run/crosshost-lab/docker-legacy.sock'}
                images:
                  - {name: debian-12, ref: 'crosshost.test/debian:12'}
                  - {name: debian-13, ref: 'crosshost.test/debian:13'}
                """);
    }

    @Test
    void duplicateScenarioIdsNameBothLocations() throws IOException {
        Path first = write("a.yaml", "id: useradd-passwd\ntitle: one\nrun: 'true'\n");
        Path second = write("b.yaml", "scenarios:\n  - id: other\n    title: two\n    run: 'true'\n  - id: useradd-passwd\n    title: three\n    run: 'true'\n");

        LoadedDefinitions loaded = DefinitionLoader.loadScenarios(List.of(dir));

        assertThat(loaded.problems()).extracting(Problem::toString).containsExactly(
                second + ":5:9: duplicate scenario id 'useradd-passwd': already defined at " + first + ":1:5");
        assertThat(loaded.scenarios()).extracting(s -> s.id() + " " + s.title())
                .containsExactly("useradd-passwd one", "other two");
        assertThat(SchemaCheck.scenarioErrors(first)).isEmpty();
        assertThat(SchemaCheck.scenarioErrors(second)).isEmpty();
    }

    @Test
    void knownFailureNamingAHostTheMatrixLacksIsReportedWithTheNearestName() throws IOException {
        Path scenario = write("faccessat2.yaml", """
                id: faccessat2
                title: t
                run: "[ -x /bin/sh ]"
                known_failures:
                  - hosts: [docker-legacyy]
                    images: ["debian-1[23]*", "fedora-3*"]
                    reason: seccomp answers EPERM
                """);

        LoadedDefinitions loaded = DefinitionLoader.load(labMatrix(), List.of(scenario));

        // The globs match nothing in this matrix for fedora, which is allowed: one catalog serves several matrices.
        assertThat(loaded.problems()).extracting(Problem::toString).containsExactly(scenario + ":5:13: a known failure of"
                + " scenario 'faccessat2' names host 'docker-legacyy', which matrix 'lab' does not have, did you mean"
                + " 'docker-legacy'? (a glob such as 'docker-legacyy*' may match nothing, for names only other matrices have)");
        assertThat(SchemaCheck.scenarioErrors(scenario)).isEmpty();
    }

    @Test
    void knownFailureNamingAnImageTheMatrixLacksIsReported() throws IOException {
        Path scenario = write("s.yaml", "id: s\ntitle: t\nrun: 'true'\nknown_failures:\n  - {images: fedora-14, reason: r}\n");

        LoadedDefinitions loaded = DefinitionLoader.load(labMatrix(), List.of(scenario));

        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).hasToString(scenario + ":5:14");
            assertThat(p.message()).contains("names image 'fedora-14', which matrix 'lab' does not have (it has debian-12, debian-13; a glob such as 'fedora-14*'");
        });
    }

    @Test
    void aSelectionThatSelectsNothingIsReportedAtTheSelection() throws IOException {
        Path matrix = write("m.yaml", "hosts:\n  - {name: docker, endpoint: default}\nimages:\n  - {name: debian-13, ref: 'debian:13'}\n"
                + "scenarios:\n  tags: [nightly]\n");
        Path scenario = write("s.yaml", "id: s\ntitle: t\ntags: [smoke]\nrun: 'true'\n");

        LoadedDefinitions loaded = DefinitionLoader.load(matrix, List.of(scenario));

        assertThat(loaded.problems()).extracting(Problem::toString).containsExactly(
                matrix + ":6:3: matrix 'm' selects no scenario: its ids and tags match none of the 1 scenarios loaded");
        assertThat(SchemaCheck.matrixErrors(matrix)).isEmpty();
    }

    @Test
    void selectionAndExclusionIdsMustBeScenariosOfTheCatalog() throws IOException {
        Path matrix = write("m.yaml", """
                hosts: [{name: docker, endpoint: default}]
                images: [{name: debian-13, ref: 'debian:13'}]
                scenarios:
                  ids: [useradd-passwd, usradd-passwd]
                exclude:
                  - {scenarios: [getent], reason: not today}
                  - {scenarios: ["faccessat2-*"], reason: a glob that matches nothing is fine}
                """);
        Path scenario = write("s.yaml", "id: useradd-passwd\ntitle: t\nrun: useradd fred\n");

        LoadedDefinitions loaded = DefinitionLoader.load(matrix, List.of(scenario));

        assertThat(loaded.problems()).extracting(Problem::toString).containsExactly(
                matrix + ":4:25: the matrix's scenarios.ids names scenario 'usradd-passwd', which the matrix's catalog " + dir + " does not have, did you mean 'useradd-passwd'?",
                matrix + ":6:18: an exclusion names scenario 'getent', which the matrix's catalog " + dir + " does not have (it has useradd-passwd;"
                        + " without a 'catalog:' key a matrix's catalog is the scenarios folder it lives in; name the right one with catalog: PATH)");
    }

    @Test
    void aMissingTlsCertificateDirectoryIsReportedAndAnExistingOneIsResolvedAgainstTheMatrixFile() throws IOException {
        Path matrix = write("matrices/remote.yaml", """
                hosts:
                  - {name: good, endpoint: 'tcp://good.example.com:2376', tls: {cert_dir: certs/good}}
                  - {name: bad, endpoint: 'tcp://bad.example.com:2376', tls: {cert_dir: certs/bad}}
                images: [{name: debian-13, ref: 'debian:13'}]
                """);
        Files.createDirectories(dir.resolve("matrices/certs/good"));

        LoadedDefinitions loaded = DefinitionLoader.loadMatrix(matrix);

        assertThat(loaded.problems()).extracting(Problem::toString).containsExactly(matrix + ":3:73: TLS certificate directory '"
                + dir.resolve("matrices/certs/bad") + "' does not exist (cert_dir is relative to the matrix file);"
                + " it should hold ca.pem, cert.pem and key.pem");
        assertThat(SchemaCheck.matrixErrors(matrix)).isEmpty();
    }

    @Test
    void missingFilesAreProblemsNotExceptions() {
        Path nowhere = dir.resolve("no-such-matrix.yaml");
        Path noScenarios = dir.resolve("no-such-dir");

        LoadedDefinitions loaded = DefinitionLoader.load(nowhere, List.of(noScenarios));

        assertThat(loaded.matrix()).isNull();
        assertThat(loaded.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                nowhere + ":1:1: file not found", noScenarios + ":1:1: file not found");
    }
}
