package io.crosshost.cli;

import com.github.dockerjava.api.DockerClient;
import io.crosshost.lab.LabHosts;
import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunDiff;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's proof on the lab: the base image's tag moves from Debian 11 to Debian 12 between two nights (the classic
 * "the base image moved to the next Debian release" night), and the second run, with the first as its baseline, says
 * which cells regressed, that the image's digest changed, which packages changed, and that libc6 2.31 -> 2.36 is the
 * likely cause. The catalog runs for that one image on docker-legacy, where the regressions are, and docker, the
 * reference where the same cells pass both nights (Podman adds nothing this proof needs and a third of its time: the
 * three hosts took 93 s on the lab machine at load average 7-14).
 *
 * <p>The tag lives in the lab's registry (harness/lab/registry.sh: TLS, basic auth): {@link #pointTag} pushes the
 * source image there as {@code lab/base:stable} from host docker, whose client the lab logged in, and the matrix pulls
 * it on every host ({@code pull: always}) with the credentials of root's Docker config, so each night's digest is the
 * registry's and one image id serves both hosts.
 */
class MovedTagIT {

    private static final Path CATALOG = Path.of("../scenarios").toAbsolutePath().normalize();
    /** A tag of this test's own: the others who share the lab never see it move. */
    private static final String REFERENCE = "registry.crosshost.test:5443/lab/base:stable";

    @TempDir
    static Path dir;

    /** Moves the registry's tag to {@code source}: tag and push from host docker, then drop the local tag again. */
    static void pointTag(String source) throws Exception {
        for (List<String> words : List.of(List.of("tag", source, REFERENCE), List.of("push", REFERENCE), List.of("rmi", REFERENCE))) {
            List<String> command = new java.util.ArrayList<>(List.of("docker", "-H", "unix:///var/run/docker.sock"));
            command.addAll(words);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(String.join(" ", command) + ":\n" + out + "(is the lab up? harness/lab/lab.sh up)").isZero();
        }
    }

    @AfterAll
    static void removeTheTag() {
        for (LabHosts.LabHost host : LabHosts.HOSTS) {
            try {
                // Only the pulled tag goes: the image keeps its crosshost.test/debian name where it has one.
                LabHosts.connect(host).removeImageCmd(REFERENCE).withForce(false).withNoPrune(true).exec();
            } catch (RuntimeException alreadyGone) {
                // nothing to undo
            }
        }
    }

    private static Path matrix() throws Exception {
        Path file = dir.resolve("moved-tag.yaml");
        Files.writeString(file, String.join("\n",
                "name: moved-tag",
                "hosts:",
                "  - {name: docker, endpoint: 'unix:///var/run/docker.sock', concurrency: 2}",
                "  - {name: docker-legacy, endpoint: 'unix:///run/crosshost-lab/docker-legacy.sock', concurrency: 2}",
                "images:",
                "  - {name: base, ref: '" + REFERENCE + "', pull: always}",
                "scenarios: {}",
                "defaults: {timeout: 2m, output_cap: 1m, retries: 0, memory: 512m, pids_limit: 1024}",
                ""));
        return file;
    }

    private static Path run(Path matrix, String night, Path baseline) throws java.io.IOException {
        Path reports = dir.resolve(night);
        List<String> args = new java.util.ArrayList<>(List.of("run", "-m", matrix.toString(), "--scenarios", CATALOG.toString(),
                "--reports", reports.toString()));
        if (baseline != null) {
            args.addAll(List.of("--baseline", baseline.toString()));
        }
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(night + ": " + result.out() + result.err()).isIn(0, 1);
        return reports.resolve("latest").toRealPath();
    }

    @Test
    void theBaseImageMovedToTheNextDebianReleaseAndTheDiffSaysWhatBrokeWhat() throws Exception {
        Path matrix = matrix();
        pointTag("crosshost.test/debian:11");
        long t0 = System.nanoTime();
        Path first = run(matrix, "night-1", null);
        pointTag("crosshost.test/debian:12");
        Path second = run(matrix, "night-2", first.resolve("results.json"));
        System.err.printf("MovedTagIT: two runs of the catalog on base in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        RunResults before = ResultsFile.read(first);
        RunResults after = ResultsFile.read(second);
        // Cell by cell: the two seccomp scenarios pass on Debian 11 everywhere and fail on Debian 12 on docker-legacy only.
        for (String scenario : List.of("faccessat2-access-check", "threads-clone3")) {
            for (String host : List.of("docker", "docker-legacy")) {
                String id = scenario + "/base@" + host;
                assertThat(status(before, id)).as(id + " on Debian 11").isEqualTo(Status.PASS);
                assertThat(status(after, id)).as(id + " on Debian 12").isEqualTo(host.equals("docker-legacy") ? Status.FAIL : Status.PASS);
            }
        }
        RunDiff diff = RunDiff.between(before, after);
        assertThat(diff.regressions()).extracting(RunDiff.CellChange::cellId)
                .containsExactlyInAnyOrder("faccessat2-access-check/base@docker-legacy", "threads-clone3/base@docker-legacy");

        // The registry digest changed on every host, and the packages with it: about a hundred.
        assertThat(diff.imageDrifts()).flatExtracting(RunDiff.ImageDrift::hosts).containsExactlyInAnyOrder("docker", "docker-legacy");
        for (RunDiff.ImageDrift d : diff.imageDrifts()) {
            ImageFacts was = before.image("base", d.hosts().get(0)).orElseThrow();
            ImageFacts now = after.image("base", d.hosts().get(0)).orElseThrow();
            assertThat(d.digestBefore()).isEqualTo(was.digest()).isNotEqualTo(d.digestAfter());
            assertThat(d.digestAfter()).isEqualTo(now.digest());
            assertThat(d.packages()).as("package changes on " + d.hosts()).isNotNull();
            assertThat(d.packages().size()).as("package changes on " + d.hosts()).isBetween(70, 140);
            assertThat(d.packages().upgraded()).extracting(c -> c.describe())
                    .anySatisfy(c -> assertThat(c).matches("libc6 2\\.31-\\S+ -> 2\\.36-\\S+"));
        }
        for (RunDiff.CellChange regression : diff.regressions()) {
            assertThat(regression.likelyCauses()).as(regression.cellId()).isNotEmpty();
            assertThat(regression.likelyCauses().get(0).change()).as(regression.cellId() + "'s most likely cause")
                    .matches("libc6 2\\.31-\\S+ -> 2\\.36-\\S+");
            assertThat(regression.facts()).extracting(RunDiff.FactChange::fact).contains("digest");
        }

        // What a person reads: the diff command, the second night's summary and page, and each night's SBOM.
        Cli.Result printed = Cli.run("diff", first.toString(), second.toString());
        assertThat(printed.exitCode()).isEqualTo(1);
        assertThat(printed.out()).contains("REGRESSIONS", "PACKAGE DRIFT", "likely causes, most likely first:\n        1. libc6 2.31-");
        assertThat(Files.readString(second.resolve("summary.md"))).contains("### What moved under the cells", "1. libc6 2\\.31\\-");
        assertThat(Files.readString(second.resolve("index.html"))).contains("\"drifts\":[{\"heading\":\"image base on ");
        for (Path night : List.of(first, second)) {
            List<Path> sboms;
            try (Stream<Path> files = Files.list(night.resolve("sbom"))) {
                sboms = files.toList();
            }
            // One SBOM per image id: pulled from the registry, base has one id on every host.
            long ids = ResultsFile.read(night).images().stream().map(ImageFacts::imageId).distinct().count();
            assertThat(ids).as("base's image ids on the two hosts").isEqualTo(1);
            assertThat(sboms).as("one SBOM per image id").hasSize((int) ids);
            for (Path sbom : sboms) {
                assertThat(new JsonParser().validate(sbom.toFile(), org.cyclonedx.Version.VERSION_16)).as(sbom.toString()).isEmpty();
            }
        }
    }

    private static Status status(RunResults run, String cellId) {
        Map<String, Status> byId = run.cells().stream().collect(Collectors.toMap(CellResult::cellId, CellResult::status, (a, b) -> a, TreeMap::new));
        assertThat(byId).as("cells of " + run.run().runId()).containsKey(cellId);
        return byId.get(cellId);
    }
}
