package io.crosshost.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.crosshost.fake.FakeEngine;
import io.crosshost.host.HostSessions;
import io.crosshost.host.HostSettings;
import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.ImagePreparation;
import io.crosshost.result.PullProgress;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What preparing an image did, from the host's real path (HostSessions, ImagePreparer, the pull's progress stream) on
 * the fake engine into results.json: a pull's figures are the ones its last progress record gave the terminal.
 */
class PreparationRecordTest {

    private static final String REF = "registry.example.test:5000/lab/busybox:latest";

    @TempDir
    Path dir;
    private FakeEngine engine;
    private HostSpec host;
    private final List<PullProgress> pulls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        engine = FakeEngine.start(dir).withoutImage(REF);
        host = engine.host("fake", 1);
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    private ImageFacts prepare(ImageSpec.PullPolicy policy) {
        HostSettings settings = HostSettings.defaults();
        try (HostSession session = HostSessions.open(host, settings)) {
            return session.prepareImage(new ImageSpec("busybox", REF, null, policy, Map.of()), RunContext.start(Defaults.STANDARD), pulls::add);
        }
    }

    @Test
    void aPullRecordsItsRegistryBytesLayersAndTimeAsItsProgressToldThem() {
        ImageFacts pulled = prepare(ImageSpec.PullPolicy.MISSING);

        PullProgress last = pulls.get(pulls.size() - 1);
        assertThat(last.finished()).isTrue();
        ImagePreparation p = pulled.preparation();
        assertThat(p.action()).isEqualTo(ImagePreparation.Action.PULLED);
        assertThat(p.registry()).isEqualTo("registry.example.test:5000").isEqualTo(last.registry());
        assertThat(p.bytes()).isEqualTo(2000).isEqualTo(last.bytesTotal());
        assertThat(p.layers()).isEqualTo(1).isEqualTo(last.layers());
        assertThat(p.took()).isEqualTo(Duration.ofMillis(last.elapsed().toMillis()));
        assertThat(p.archive()).isNull();

        JsonNode json = ResultsJson.image(pulled).path("preparation");
        assertThat(json.path("action").asText()).isEqualTo("PULLED");
        assertThat(json.path("bytes").asLong()).isEqualTo(2000);
        assertThat(json.path("durationMs").asLong()).isEqualTo(last.elapsed().toMillis());
    }

    @Test
    void anImageTheHostHasIsPresentOrNotPulledByThePolicyAndAlwaysPullsAgain() {
        prepare(ImageSpec.PullPolicy.MISSING);
        int pullsBefore = pulls.size();

        assertThat(prepare(ImageSpec.PullPolicy.MISSING).preparation()).isEqualTo(ImagePreparation.present());
        assertThat(prepare(ImageSpec.PullPolicy.NEVER).preparation()).isEqualTo(ImagePreparation.notPulled());
        assertThat(pulls).as("neither pulled").hasSize(pullsBefore);
        assertThat(prepare(ImageSpec.PullPolicy.ALWAYS).preparation().action()).isEqualTo(ImagePreparation.Action.PULLED);
    }

    @Test
    void anImageThatCouldNotBeHadHasNoPreparationOnlyItsError() {
        engine.pullsFail("unauthorized: authentication required");

        ImageFacts failed = prepare(ImageSpec.PullPolicy.ALWAYS);

        assertThat(failed.error()).contains("unauthorized");
        assertThat(failed.preparation()).isNull();
        assertThat(ResultsJson.image(failed).get("preparation").isNull()).isTrue();
    }
}
