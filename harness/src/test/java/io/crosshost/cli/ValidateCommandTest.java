package io.crosshost.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code crosshost validate FILE...} as a newcomer types it, and {@code list --scenarios my/} on the lab matrix (runs
 * nothing, touches no host): files and folders given positionally, matrices told by their content, scenarios checked
 * on their own when no matrix is named.
 */
class ValidateCommandTest {

    private static final Path ROOT = Path.of(System.getProperty("crosshost.root", "..")).toAbsolutePath().normalize();
    private static final Path CATALOG = ROOT.resolve("scenarios");
    private static final Path LAB = CATALOG.resolve("matrices/lab.yaml");

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void oneValidScenarioFileIsCheckedOnItsOwn() {
        Cli.Result r = Cli.run("validate", CATALOG.resolve("useradd-passwd.yaml").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("ok: 1 scenario, 0 matrices (no matrix named: host and image names are not checked)\n");
    }

    @Test
    void aFolderOfScenariosIsCheckedAsOne() throws IOException {
        write("team/a.yaml", "id: team-a\ntitle: t\nrun: 'true'\n");
        write("team/more/b.yml", "scenarios:\n  - {id: team-b, title: t, run: 'true'}\n  - {id: team-c, title: t, run: 'true'}\n");

        Cli.Result r = Cli.run("validate", dir.resolve("team").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ok: 3 scenarios, 0 matrices");
    }

    @Test
    void theShippedFolderChecksTheCatalogWithEachOfItsMatrices() {
        Cli.Result r = Cli.run("validate", CATALOG.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).matches("ok: \\d+ scenarios, 2 matrices \\(lab: 6 hosts, 5 images, \\d+ cells; nightly: .*\\)\n");
    }

    @Test
    void aMatrixIsRecognisedByItsContentWhateverItsName() throws IOException {
        Path scenario = write("s.yaml", "id: s\ntitle: t\nrun: 'true'\n");
        Path matrix = write("grid-of-two.yaml", """
                hosts: [{name: docker, endpoint: default}]
                images: [{name: debian-13, ref: 'debian:13'}]
                exclude:
                  - {scenarios: [s], images: [debian-13], reason: not today}
                """);

        Cli.Result both = Cli.run("validate", matrix.toString(), scenario.toString());
        Cli.Result alone = Cli.run("validate", LAB.toString());

        assertThat(both.exitCode()).as(both.err()).isZero();
        assertThat(both.out()).isEqualTo("ok: 1 scenario, 1 matrix (grid-of-two: 1 host, 1 image, 1 cell)\n");
        assertThat(alone.exitCode()).as("the lab matrix with the catalog it belongs with: " + alone.err()).isZero();
        assertThat(alone.out()).matches("ok: \\d+ scenarios, 1 matrix \\(lab: 6 hosts, 5 images, \\d+ cells\\)\n");
    }

    @Test
    void aBrokenFileIsReportedAtFileLineColumnWithExitCode2() throws IOException {
        Path good = write("good.yaml", "id: good\ntitle: t\nrun: 'true'\n");
        Path broken = write("broken.yaml", "id: broken\ntitle: t\nrun: 'true'\nexpcet: {exit_code: 0}\n");

        Cli.Result r = Cli.run("validate", good.toString(), broken.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("crosshost: " + broken + ":4:1: unknown key 'expcet' in scenario, did you mean 'expect'?\n"
                + "crosshost: 1 problem in the scenario and matrix files\n");
    }

    @Test
    void aMissingFileIsOneLineNotAStackTrace() {
        Cli.Result r = Cli.run("validate", dir.resolve("nope.yaml").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("crosshost: " + dir.resolve("nope.yaml") + ":1:1: file not found\n"
                + "crosshost: 1 problem in the scenario and matrix files\n");
    }

    @Test
    void aTeamsOwnFolderListsOnTheLabMatrix() throws IOException {
        write("my/exec-bit.yaml", "id: my-exec-bit\ntitle: t\nrun: '[ -x /bin/sh ]'\n");

        Cli.Result r = Cli.run("list", "-m", LAB.toString(), "--scenarios", dir.resolve("my").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("my-exec-bit/debian-13@docker-legacy").endsWith("30 cells\n");
    }

    @Test
    void withAMatrixNamedTheScenariosAreCheckedAgainstIt() throws IOException {
        Path scenario = write("s.yaml", "id: s\ntitle: t\nrun: 'true'\nknown_failures:\n  - {hosts: docker-legacyy, reason: r}\n");

        Cli.Result r = Cli.run("validate", "-m", LAB.toString(), scenario.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("crosshost: " + scenario + ":5:13: a known failure of scenario 's' names host 'docker-legacyy'");
    }

    @Test
    void aScenarioProblemIsPrintedOnceWhateverTheNumberOfMatrices() throws IOException {
        Path broken = write("team/broken.yaml", "id: broken\ntitle: t\nrun: 'true'\ntimeout: 30\n");
        String grid = "hosts: [{name: docker, endpoint: default}]\nimages: [{name: debian-13, ref: 'debian:13'}]\n";
        write("team/matrices/one.yaml", grid);
        write("team/matrices/two.yaml", grid);

        Cli.Result r = Cli.run("validate", dir.resolve("team").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("crosshost: " + broken + ":4:10: invalid duration '30' for 'timeout'")
                .endsWith("\ncrosshost: 1 problem in the scenario and matrix files\n");
    }
}
