package io.crosshost.definitions;

import io.crosshost.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A matrix belongs with a catalog: the scenario names of its selection and exclusions are checked against that
 * catalog whenever the matrix is loaded, and a run of another selection (a team's own folder) is not refused for
 * names it does not have; those names simply do not apply to it.
 */
class CatalogTest {

    private static final Path LAB = SchemaCheck.SCENARIOS.resolve("matrices/lab.yaml");

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void aTeamsOwnFolderLoadsOnTheLabMatrixWhoseExclusionsNameOtherScenarios() throws IOException {
        Path mine = write("my/exec-bit.yaml", "id: my-exec-bit\ntitle: t\nrun: '[ -x /bin/sh ]'\n");

        LoadedDefinitions loaded = DefinitionLoader.load(LAB, List.of(mine.getParent()));

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.matrix().name()).isEqualTo("lab");
        assertThat(loaded.scenarios()).extracting(Scenario::id).containsExactly("my-exec-bit");
    }

    @Test
    void aMisspeltExclusionIsStillCaughtAgainstTheMatrixsCatalogWhateverIsLoaded() throws IOException {
        write("catalog/useradd-passwd.yaml", "id: useradd-passwd\ntitle: t\nrun: useradd fred\n");
        Path matrix = write("catalog/matrices/lab.yaml", """
                hosts: [{name: docker, endpoint: default}]
                images: [{name: busybox, ref: 'busybox:1'}]
                exclude:
                  - {scenarios: [usradd-passwd], images: [busybox], reason: busybox has no useradd}
                """);
        Path mine = write("my/s.yaml", "id: mine\ntitle: t\nrun: 'true'\n");

        LoadedDefinitions alone = DefinitionLoader.loadMatrix(matrix);
        LoadedDefinitions withMine = DefinitionLoader.load(matrix, List.of(mine));
        LoadedDefinitions withCatalog = DefinitionLoader.load(matrix, List.of(dir.resolve("catalog")));

        String expected = matrix + ":4:18: an exclusion names scenario 'usradd-passwd', which the matrix's catalog "
                + dir.resolve("catalog") + " does not have, did you mean 'useradd-passwd'?";
        assertThat(alone.problems()).extracting(Problem::toString).containsExactly(expected);
        assertThat(withMine.problems()).extracting(Problem::toString).containsExactly(expected);
        assertThat(withCatalog.problems()).extracting(Problem::toString).containsExactly(expected);
        assertThat(SchemaCheck.matrixErrors(matrix)).isEmpty();
    }

    @Test
    void aCatalogKeyIsRelativeToTheMatrixFile() throws IOException {
        write("shared/catalog/getent.yaml", "id: getent-passwd\ntitle: t\nrun: getent passwd root\n");
        Path matrix = write("team/grid.yaml", """
                catalog: ../shared/catalog
                hosts: [{name: docker, endpoint: default}]
                images: [{name: busybox, ref: 'busybox:1'}]
                scenarios: {exclude_ids: [getent-passwd]}
                exclude:
                  - {scenarios: [getent-passwd], images: [busybox], reason: no NSS}
                """);
        Path mine = write("team/mine.yaml", "id: mine\ntitle: t\nrun: 'true'\n");

        assertThat(DefinitionLoader.load(matrix, List.of(mine)).problems()).isEmpty();
        assertThat(DefinitionLoader.loadMatrix(matrix).problems()).isEmpty();
        assertThat(DefinitionLoader.catalogOf(matrix)).isEqualTo(dir.resolve("team/../shared/catalog"));
        assertThat(SchemaCheck.matrixErrors(matrix)).isEmpty();
    }

    @Test
    void aCatalogThatIsNotThereIsReportedAtItsKey() throws IOException {
        Path matrix = write("grid.yaml", """
                catalog: ../no-such-folder
                hosts: [{name: docker, endpoint: default}]
                images: [{name: busybox, ref: 'busybox:1'}]
                """);
        Path mine = write("mine.yaml", "id: mine\ntitle: t\nrun: 'true'\n");

        assertThat(DefinitionLoader.load(matrix, List.of(mine)).problems()).extracting(Problem::toString).containsExactly(
                matrix + ":1:10: catalog '" + dir.resolve("../no-such-folder") + "' does not exist (catalog is relative to"
                        + " the matrix file): name the folder of the scenarios this matrix was written for, or leave the key out");
    }

    @Test
    void aMatrixKeptApartFromAnyScenariosIsCheckedAgainstTheScenariosItIsLoadedWith() throws IOException {
        Path matrix = write("apart/grid.yaml", """
                hosts: [{name: docker, endpoint: default}]
                images: [{name: busybox, ref: 'busybox:1'}]
                exclude:
                  - {scenarios: [getent], reason: no NSS}
                """);
        Path mine = write("mine/s.yaml", "id: getent-passwd\ntitle: t\nrun: getent passwd root\n");

        assertThat(DefinitionLoader.load(matrix, List.of(mine)).problems()).extracting(Problem::toString).containsExactly(
                matrix + ":4:18: an exclusion names scenario 'getent', which the scenarios loaded does not have (it has getent-passwd)");
        assertThat(DefinitionLoader.loadMatrix(matrix).problems()).as("nothing to check it against").isEmpty();
    }

    @Test
    void theDefaultCatalogIsTheScenariosFolderTheMatrixLivesIn() {
        assertThat(DefinitionLoader.catalogOf(LAB)).isEqualTo(SchemaCheck.SCENARIOS);
        assertThat(DefinitionLoader.catalogOf(Path.of("grid.yaml"))).isEqualTo(Path.of("."));
        assertThat(DefinitionLoader.catalogOf(Path.of("team/grid.yaml"))).isEqualTo(Path.of("team"));
    }
}
