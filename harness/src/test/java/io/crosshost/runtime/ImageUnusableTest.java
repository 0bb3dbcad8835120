package io.crosshost.runtime;

import io.crosshost.TestModel;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import io.crosshost.scenario.KnownFailure;
import io.crosshost.scenario.SourceLocation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cell that got no container is XFAIL "image not usable on this host" only when an image-unusable known failure
 * covers it and the engine's words match; a dead host or any other error stays the ERROR that fails the run.
 */
class ImageUnusableTest {

    private static final KnownFailure UNUSABLE = new KnownFailure(List.of("podman-rootless*"), List.of(), "too few ids",
            "https://example.org/bug", SourceLocation.of(java.nio.file.Path.of("s.yaml")), KnownFailure.Kind.IMAGE_UNUSABLE,
            Pattern.compile("potentially insufficient UIDs or GIDs"));

    private static CellResult couldNotRun(Optional<KnownFailure> known, String message) {
        Cell cell = new Cell(TestModel.scenario("high-uid-file", "true"), TestModel.image("high-uid"), TestModel.host("podman-rootless"));
        return CellResults.couldNotRun(new PlannedCell(cell, Optional.empty(), known), message, Instant.now(), Duration.ZERO, 0, null, null);
    }

    @Test
    void theEnginesRefusalThatTheKnownFailureNamesIsAnImageNotUsable() {
        CellResult r = couldNotRun(Optional.of(UNUSABLE), "could not load its archive: ... potentially insufficient UIDs or GIDs available ...");

        assertThat(r.status()).isEqualTo(Status.XFAIL);
        assertThat(r.imageUnusable()).isTrue();
        assertThat(r.message()).startsWith("image not usable on this host (known failure: too few ids, https://example.org/bug): "
                + "could not load its archive: ... potentially insufficient UIDs");
        assertThat(r.status().unexpected()).isFalse();
    }

    @Test
    void aDeadHostOrAnotherErrorStaysAnError() {
        for (String message : List.of("host podman-rootless stopped answering: connection refused", "harness error: java.lang.NullPointerException")) {
            CellResult r = couldNotRun(Optional.of(UNUSABLE), message);
            assertThat(r.status()).as(message).isEqualTo(Status.ERROR);
            assertThat(r.status().unexpected()).isTrue();
        }
    }

    @Test
    void aKnownFailureOfTheUsualKindNeverHidesAnError() {
        KnownFailure fails = new KnownFailure(List.of(), List.of(), "fails", null, SourceLocation.of(java.nio.file.Path.of("s.yaml")));

        assertThat(couldNotRun(Optional.of(fails), "potentially insufficient UIDs or GIDs").status()).isEqualTo(Status.ERROR);
        assertThat(couldNotRun(Optional.empty(), "potentially insufficient UIDs or GIDs").status()).isEqualTo(Status.ERROR);
    }
}
