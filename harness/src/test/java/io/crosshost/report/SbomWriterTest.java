package io.crosshost.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.pinpoint.StaticBinary;
import io.crosshost.result.CellResult;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.crosshost.report.SyntheticResults.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Each image's SBOM as a run writes it: CycloneDX's own schema says it is valid, and every report links or counts it. */
class SbomWriterTest {

    @TempDir
    Path dir;

    private static final String D11 = "sha256:21fae41eb0c0" + "0".repeat(52);
    private static final String BUSYBOX = "sha256:e2e1cab3aa10" + "0".repeat(52);

    private RunResults run() {
        ImageFacts busybox = new ImageFacts("busybox", "docker", "crosshost.test/busybox:latest", BUSYBOX, BUSYBOX, null,
                "busybox-static", null, null, "none", null,
                PackageInventory.none(List.of(new StaticBinary("/bin/busybox", "1.35.0"))));
        // One image id on two hosts: one SBOM file, both hosts named in it.
        List<ImageFacts> images = List.of(DriftTest.base("docker", D11, 11), DriftTest.base("podman", D11, 11), busybox,
                ImageFacts.missing("gone", "docker", "crosshost.test/gone:1", "image crosshost.test/gone:1 is not on host docker"));
        List<CellResult> cells = List.of(SyntheticResults.cell("hostname", "base", "docker", Status.PASS, null, "", "", T0));
        return SyntheticResults.withCells(null, "night-1", T0, cells, List.of(SyntheticResults.host("docker", "20.10.24", "6.18")), images);
    }

    @Test
    void everySbomValidatesAgainstTheCycloneDxSchemaAndNamesItsPackagesByPackageUrl() throws IOException, ParseException {
        Reports.writeAll(run(), dir, null, null, 0);

        List<Path> files;
        try (Stream<Path> list = Files.list(dir.resolve("sbom"))) {
            files = list.sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("base-21fae41eb0c0.cdx.json", "busybox-e2e1cab3aa10.cdx.json");
        JsonParser parser = new JsonParser();
        for (Path f : files) {
            assertThat(parser.validate(f.toFile(), SbomWriter.VERSION)).as("CycloneDX 1.6 schema violations in " + f).isEmpty();
        }
        Bom base = parser.parse(files.get(0).toFile());
        assertThat(base.getMetadata().getComponent().getType()).isEqualTo(Component.Type.CONTAINER);
        assertThat(base.getMetadata().getComponent().getName()).isEqualTo("crosshost.test/base:stable");
        assertThat(base.getMetadata().getComponent().getProperties()).extracting(p -> p.getName() + "=" + p.getValue())
                .contains("crosshost:host=docker", "crosshost:host=podman", "crosshost:imageId=" + D11);
        assertThat(base.getComponents()).hasSize(DriftTest.debian(11).packages().size());
        Component libc = base.getComponents().stream().filter(c -> c.getName().equals("libc6")).findFirst().orElseThrow();
        assertThat(libc.getPurl()).isEqualTo("pkg:deb/debian/libc6@2.31-13%2Bdeb11u11?arch=amd64");
        assertThat(libc.getVersion()).isEqualTo("2.31-13+deb11u11");
        assertThat(libc.getProperties()).extracting(p -> p.getName() + "=" + p.getValue()).containsExactly("crosshost:sourcePackage=glibc");

        Bom busybox = parser.parse(files.get(1).toFile());
        assertThat(busybox.getComponents()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo(Component.Type.FILE);
            assertThat(c.getPurl()).isEqualTo("pkg:generic/busybox@1.35.0");
        });
    }

    @Test
    void resultsJsonLinksEachSbomAndKeepsEachInventoryOnceAndTheSummaryCountsThem() throws IOException {
        RunResults run = run();
        Reports.writeAll(run, dir, null, null, 0);

        ResultsFileTest.assertValid(dir.resolve("results.json"));
        JsonNode doc = ResultsJson.MAPPER.readTree(dir.resolve("results.json").toFile());
        assertThat(doc.path("inventories").size()).isEqualTo(2);
        assertThat(doc.path("images").get(0).path("sbom").asText()).isEqualTo("sbom/base-21fae41eb0c0.cdx.json");
        assertThat(doc.path("images").get(1).path("sbom").asText()).isEqualTo("sbom/base-21fae41eb0c0.cdx.json");
        assertThat(doc.path("images").get(3).path("sbom").isNull()).isTrue();
        assertThat(ResultsFile.read(dir).images()).extracting(ImageFacts::packages).containsExactlyElementsOf(
                run.images().stream().map(ImageFacts::packages).toList());

        assertThat(Files.readString(dir.resolve("summary.md"))).contains("## Packages",
                "- `base` on docker, podman: " + DriftTest.debian(11).packages().size() + " dpkg packages — [sbom/base\\-21fae41eb0c0\\.cdx\\.json](sbom/base-21fae41eb0c0.cdx.json)",
                "- `busybox` on docker: no package manager, 1 static binaries");
        String page = Files.readString(dir.resolve("index.html"));
        assertThat(page).contains("\"inventories\":{\"" + D11 + "\":{\"manager\":\"dpkg\"", "[\"libc6\",\"2.31-13+deb11u11\",\"amd64\",\"glibc\"]");
    }

    @Test
    void aJournalKeepsTheInventoryInlineSoACrashLosesNoPackages() throws IOException {
        RunResults run = run();
        ReportListener listener = new ReportListener(dir);
        listener.runStarted(run.run());
        run.images().forEach(listener::imageFacts);

        RunResults back = ResultsFile.read(dir.resolve("night-1").resolve(ResultsFile.JOURNAL));
        assertThat(back.images()).extracting(ImageFacts::packages).containsExactlyElementsOf(
                run.images().stream().map(ImageFacts::packages).toList());
    }
}
