package io.crosshost.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failing cell must fail the build (maven-surefire #837 is the kind of provider behaviour that would let it
 * pass silently): a nested Maven runs {@link CrosshostMatrixSuite} with the pinned Surefire on the real lab.
 */
class SurefireFailsTheBuildIT {

    @Test
    void aFailingCellFailsTheBuildWithAssertJsMessage() throws Exception {
        Result result = surefire("failing", "docker,docker-legacy");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("BUILD FAILURE").contains("Tests run: 2, Failures: 1")
                .contains("debian-13 @ docker-legacy");
        String xml = reportXml("failing");
        assertThat(xml).contains("name=\"exec-bit / debian-13 @ docker-legacy\"").contains("<failure").contains("Expecting actual:");
    }

    @Test
    void passingCellsPassTheBuild() throws Exception {
        Result result = surefire("passing", "docker");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0");
    }

    private record Result(int exitCode, String output) {
    }

    /**
     * Surefire's reportsDirectory has no user property, so the nested run writes into harness/target/surefire-reports
     * under a suffix of its own, and the test removes the file after reading it.
     */
    private static Result surefire(String suffix, String hosts) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("crosshost.root", "..")).toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-o", "-f", root.resolve("harness/pom.xml").toString(),
                "surefire:test", "-Dtest=CrosshostMatrixSuite", "-Dsurefire.failIfNoSpecifiedTests=false",
                "-Dsurefire.reportNameSuffix=" + suffix,
                "-Dcrosshost.matrix=" + Fixtures.gridMatrix(),
                "-Dcrosshost.scenario.paths=" + Fixtures.grid(),
                "-Dcrosshost.scenarios=exec-bit", "-Dcrosshost.images=debian-13", "-Dcrosshost.hosts=" + hosts));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String reportXml(String suffix) throws IOException {
        Path reports = Path.of("target/surefire-reports");
        try (Stream<Path> files = Files.list(reports)) {
            StringBuilder all = new StringBuilder();
            for (Path p : files.filter(f -> f.getFileName().toString().contains("-" + suffix)).toList()) {
                all.append(Files.readString(p));
                Files.delete(p);
            }
            return all.toString();
        }
    }
}
