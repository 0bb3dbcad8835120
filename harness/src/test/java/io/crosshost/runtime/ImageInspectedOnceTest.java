package io.crosshost.runtime;

import io.crosshost.TestModel;
import io.crosshost.fake.Api;
import io.crosshost.fake.FakeEngine;
import io.crosshost.fake.FakeProcess;
import io.crosshost.host.HostSessions;
import io.crosshost.host.HostSettings;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.ResultListener;
import io.crosshost.result.Status;
import io.crosshost.scenario.Command;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.ImageExpectation;
import io.crosshost.scenario.ImageExpectation.ValueExpectation;
import io.crosshost.scenario.Isolation;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Scenario;
import io.crosshost.scenario.SourceLocation;
import io.crosshost.scenario.Step;
import io.crosshost.scenario.TextExpectation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An image's configuration comes from the one inspection that prepared the image for the run, and goes to every step
 * that checks it: over a run of several cells and steps on two images (execs in a kept container, a container's own
 * process, a shared container), the engine is asked for each image once, and every image expectation is checked
 * against what that inspection said, a wrong one failing.
 */
class ImageInspectedOnceTest {

    private static final Pattern INSPECT = Pattern.compile("/images/(.+)/json");
    private static final List<String> IMAGES = List.of("busybox", "debian-12");

    @Test
    void eachImageIsInspectedOncePerRunWhateverItsCellsAndStepsCheck(@TempDir Path dir) throws Exception {
        try (FakeEngine engine = FakeEngine.start(dir)) {
            // The kept-alive container of a multi-step or shared cell lives until it is removed.
            engine.script(argv -> String.join(" ", argv).contains("while :; do sleep 3600; done")
                    ? FakeProcess.exits(0).lasting(Duration.ofHours(1)) : FakeProcess.SHELLISH.apply(argv));
            HostSpec host = engine.host("fake", 2);
            ImageExpectation path = image(Map.of("PATH", ValueExpectation.equalTo(FakeEngine.IMAGE_PATH)), Map.of());
            ImageExpectation label = image(Map.of(), Map.of(FakeEngine.IMAGE_LABEL, ValueExpectation.equalTo("yes")));
            ImageExpectation wrong = image(Map.of(), Map.of(FakeEngine.IMAGE_LABEL, ValueExpectation.equalTo("no")));
            List<Scenario> scenarios = List.of(
                    scenario("steps-check-path", Isolation.FRESH, path, path, path),
                    scenario("main-checks-label", Isolation.FRESH, label),
                    scenario("shared-checks-both", Isolation.SHARED, path, label),
                    scenario("expects-another-label", Isolation.FRESH, wrong),
                    scenario("checks-nothing", Isolation.FRESH, ImageExpectation.NONE));
            List<PlannedCell> plan = new ArrayList<>();
            for (String image : IMAGES) {
                scenarios.forEach(s -> plan.add(new PlannedCell(new Cell(s, TestModel.image(image), host), Optional.empty(), Optional.empty())));
            }
            Map<String, CellResult> results = new ConcurrentHashMap<>();
            MatrixRunner runner = new MatrixRunner(RunContext.start(Defaults.STANDARD), plan,
                    h -> HostSessions.open(h, HostSettings.defaults()), new ResultListener() {
                        @Override
                        public void cellFinished(CellResult result) {
                            results.put(result.cellId(), result);
                        }
                    });
            try {
                runner.start();
                for (PlannedCell cell : plan) {
                    runner.result(cell.id()).get(60, TimeUnit.SECONDS);
                }
                runner.awaitAll();
            } finally {
                runner.close();
            }

            assertThat(results).hasSize(10);
            for (String image : IMAGES) {
                for (Scenario s : scenarios) {
                    CellResult r = results.get(s.id() + "/" + image + "@fake");
                    if (s.id().equals("expects-another-label")) {
                        assertThat(r.status()).as(r.cellId()).isEqualTo(Status.FAIL);
                        assertThat(r.message()).as(r.cellId()).contains("label " + FakeEngine.IMAGE_LABEL).contains("'no'");
                    } else {
                        assertThat(r.status()).as(r.cellId() + ": " + r.message()).isEqualTo(Status.PASS);
                    }
                }
            }
            // 7 steps check each image's configuration; the image is inspected once, when it is prepared.
            Map<String, Long> inspects = engine.requests().stream().filter(r -> r.api() == Api.IMAGE_INSPECT)
                    .map(r -> imageOf(r.path())).collect(Collectors.groupingBy(ref -> ref, Collectors.counting()));
            assertThat(inspects).isEqualTo(Map.of("crosshost.test/busybox:latest", 1L, "crosshost.test/debian-12:latest", 1L));
            assertThat(engine.containers()).isEmpty();
        }
    }

    private static String imageOf(String path) {
        Matcher m = INSPECT.matcher(path);
        assertThat(m.find()).as(path).isTrue();
        return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static ImageExpectation image(Map<String, ValueExpectation> env, Map<String, ValueExpectation> labels) {
        return new ImageExpectation(env, Set.of(), labels, null, null, null, null, List.of(), List.of(), List.of(), List.of());
    }

    /** One step per expectation, each an {@code echo}; a one-step fresh scenario's step is the container's own process. */
    private static Scenario scenario(String id, Isolation isolation, ImageExpectation... steps) {
        SourceLocation at = SourceLocation.of(Path.of(id + ".yaml"));
        List<Step> list = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            list.add(new Step("step-" + i, Command.shell("echo " + i),
                    new Expectations(Set.of(0), TextExpectation.NONE, TextExpectation.NONE, List.of(), steps[i], List.of()), at));
        }
        return new Scenario(id, id, null, Set.of(), List.of(), list, RunOptions.DEFAULT, 0, isolation, List.of(), at);
    }
}
