package io.crosshost.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.ImagePreparation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15's record of what preparing each image did, and issue 16's id maps, through results.json and its journal. */
class ImagePreparationJsonTest {

    @TempDir
    Path dir;

    @Test
    void everyKindOfPreparationIsInTheSchemaAndReadsBackEqual() throws Exception {
        RunResults run = HostFactsSamples.night();
        Path file = dir.resolve("results.json");

        ResultsFile.write(run, file);

        ResultsFileTest.assertValid(file);
        RunResults back = ResultsFile.read(file);
        assertThat(back).isEqualTo(run);
        assertThat(back.image("busybox", "podman-rootless").orElseThrow().preparation())
                .isEqualTo(new ImagePreparation(ImagePreparation.Action.PULLED, HostFactsSamples.REGISTRY, 2_148_004, 3,
                        Duration.ofMillis(1_300), null));
        assertThat(back.image("high-uid", "docker").orElseThrow().preparation().archive()).isEqualTo(HostFactsSamples.ARCHIVE);
        assertThat(back.image("high-uid", "podman-rootless").orElseThrow().preparation())
                .as("an image the host could not get has no preparation, only its error").isNull();
        assertThat(back.hosts().get(0).uidMap()).containsExactly("0 1001 1", "1 100000 65536");

        JsonNode images = ResultsJson.MAPPER.readTree(file.toFile()).path("images");
        JsonNode pulled = images.get(0).path("preparation");
        assertThat(pulled.path("action").asText()).isEqualTo("PULLED");
        assertThat(pulled.path("registry").asText()).isEqualTo(HostFactsSamples.REGISTRY);
        assertThat(pulled.path("bytes").asLong()).isEqualTo(2_148_004);
        assertThat(pulled.path("layers").asInt()).isEqualTo(3);
        assertThat(pulled.path("durationMs").asLong()).isEqualTo(1_300);
        assertThat(images.findValues("preparation").stream().map(p -> p.isNull() ? "null" : p.path("action").asText()))
                .containsExactly("PULLED", "PULLED", "NOT_PULLED", "null", "PULLED", "PRESENT", "NOT_PULLED", "PRESENT",
                        "PULLED", "PRESENT", "NOT_PULLED", "LOADED", "PULLED", "PRESENT", "NOT_PULLED", "PRESENT");
    }

    @Test
    void aResultsFileFromBeforePreparationsWereKeptStillValidatesAndReads() throws Exception {
        ObjectNode doc = ResultsJson.document(HostFactsSamples.night());
        // What an older Crosshost wrote: the same images without the field, and hosts without id maps.
        doc.withArray("images").forEach(i -> ((ObjectNode) i).remove("preparation"));
        doc.withArray("hosts").forEach(h -> ((ObjectNode) h).remove(List.of("uidMap", "gidMap")));
        Path file = dir.resolve("results.json");
        Files.writeString(file, ResultsJson.MAPPER.writeValueAsString(doc));

        ResultsFileTest.assertValid(file);
        RunResults old = ResultsFile.read(file);

        assertThat(old.images()).hasSize(16).allSatisfy(i -> assertThat(i.preparation()).isNull());
        assertThat(old.hosts()).allSatisfy(h -> assertThat(h.uidMap()).isEmpty());
        assertThat(old.image("busybox", "podman-rootless").map(ImageFacts::digest))
                .isEqualTo(HostFactsSamples.night().image("busybox", "podman-rootless").map(ImageFacts::digest));
        // Written again, the old run says "not known" (null), and the summary has no line about pulls.
        assertThat(ResultsJson.document(old).withArray("images").get(0).get("preparation").isNull()).isTrue();
        assertThat(MarkdownSummaryWriter.render(old, null)).doesNotContain("Images:");
    }

    @Test
    void aPreparationActionFromANewerCrosshostReadsAsNotKnown() throws Exception {
        JsonNode newer = ResultsJson.MAPPER.readTree("{\"action\":\"MOUNTED\",\"bytes\":5}");
        assertThat(PreparationJson.read(newer)).isNull();
        assertThat(PreparationJson.read(null)).isNull();
    }

    @Test
    void theSchemaRejectsAPreparationThatIsNotOne() throws Exception {
        ObjectNode doc = ResultsJson.document(HostFactsSamples.night());
        ((ObjectNode) doc.withArray("images").get(0)).putObject("preparation").put("action", "DOWNLOADED");

        assertThat(ResultsFileTest.schema().validate(doc)).isNotEmpty();
    }

    @Test
    void theJournalKeepsEachImagesPreparation() throws Exception {
        RunResults run = HostFactsSamples.night();
        Path root = dir.resolve("reports");
        ReportListener listener = new ReportListener(root);
        listener.runStarted(run.run());
        run.hosts().forEach(listener::hostFacts);
        run.images().forEach(listener::imageFacts);

        RunResults recovered = ResultsFile.read(root.resolve(run.run().runId()));

        assertThat(recovered.images()).containsExactlyInAnyOrderElementsOf(run.images());
    }

    @Test
    void aDurationIsKeptToTheMillisecondSoAReadRunEqualsTheWrittenOne() {
        ImagePreparation p = new ImagePreparation(ImagePreparation.Action.PULLED, "r", 1, 1, Duration.ofNanos(1_300_456_789), null);
        assertThat(p.took()).isEqualTo(Duration.ofMillis(1_300));
    }
}
