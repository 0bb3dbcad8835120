package io.crosshost.runtime;

import io.crosshost.TestModel;
import io.crosshost.matrix.Cell;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-over of containers created ahead: each is taken once, or never created once its cell has started. */
class ContainersAheadTest {

    private static final Cell CELL = new Cell(TestModel.scenario("s", "true"), TestModel.image("busybox"), TestModel.host("h"));

    @Test
    void aCellTakesTheContainerPreparedForItOnce() throws Exception {
        try (ContainersAhead ahead = new ContainersAhead("h", id -> { })) {
            ahead.prepareSoon(CELL, () -> prepared("c1"));

            assertThat(ahead.take(CELL).containerId()).isEqualTo("c1");
            assertThat(ahead.take(CELL)).as("a retry creates its own").isNull();
        }
    }

    @Test
    void aCellThatStartedFirstPreparesItsOwnAndNothingIsCreatedForItLater() throws Exception {
        AtomicInteger created = new AtomicInteger();
        try (ContainersAhead ahead = new ContainersAhead("h", id -> { })) {
            assertThat(ahead.take(CELL)).isNull();
            ahead.prepareSoon(CELL, () -> prepared("late-" + created.incrementAndGet()));
            Cell other = new Cell(TestModel.scenario("other", "true"), TestModel.image("busybox"), TestModel.host("h"));
            ahead.prepareSoon(other, () -> prepared("other-" + created.incrementAndGet()));

            // One worker, in order: once the other cell's container is there, the first request has been dealt with.
            assertThat(ahead.take(other).containerId()).isEqualTo("other-1");
            assertThat(created.get()).as("only the other cell's container").isEqualTo(1);
        }
    }

    @Test
    void takeWaitsForAPreparationInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ContainersAhead ahead = new ContainersAhead("h", id -> { })) {
            ahead.prepareSoon(CELL, () -> {
                release.await(5, TimeUnit.SECONDS);
                return prepared("slow");
            });
            new Thread(() -> sleepThen(100, release::countDown)).start();
            long t0 = System.nanoTime();

            assertThat(ahead.take(CELL).containerId()).isEqualTo("slow");
            assertThat(System.nanoTime() - t0).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Test
    void aFailedPreparationFailsTheCellWithItsOwnMessage() {
        try (ContainersAhead ahead = new ContainersAhead("h", id -> { })) {
            ahead.prepareSoon(CELL, () -> {
                throw new CellCouldNotRun("image x is not on host h");
            });

            assertThatThrownBy(() -> ahead.take(CELL)).isInstanceOf(CellCouldNotRun.class).hasMessage("image x is not on host h");
        }
    }

    /**
     * A stop closes the host's creator while it creates: interrupted, the client gives up on a create the engine still
     * makes (seen on Ctrl-C: a container in state Created per host). Waited for, it is removed with the ones made
     * for cells that never started.
     */
    @Test
    void closeWaitsForACreationInFlightAndRemovesWhatNoCellTook() throws Exception {
        List<String> removed = new CopyOnWriteArrayList<>();
        CountDownLatch creating = new CountDownLatch(1);
        Cell other = new Cell(TestModel.scenario("other", "true"), TestModel.image("busybox"), TestModel.host("h"));
        ContainersAhead ahead = new ContainersAhead("h", removed::add);
        ahead.prepareSoon(other, () -> prepared("ready"));
        ahead.prepareSoon(CELL, () -> {
            creating.countDown();
            Thread.sleep(300); // an engine's create: interrupted, this ends at once
            return prepared("in-flight");
        });
        assertThat(creating.await(5, TimeUnit.SECONDS)).isTrue();

        ahead.close(Duration.ofSeconds(5));

        assertThat(removed).containsExactlyInAnyOrder("ready", "in-flight");
        assertThat(ahead.take(CELL)).as("a container removed is never handed out").isNull();
    }

    @Test
    void aCellInterruptedWhileItsContainerIsCreatedHasItRemovedOnceMade() throws Exception {
        List<String> removed = new CopyOnWriteArrayList<>();
        CountDownLatch creating = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ContainersAhead ahead = new ContainersAhead("h", removed::add)) {
            ahead.prepareSoon(CELL, () -> {
                creating.countDown();
                release.await(5, TimeUnit.SECONDS);
                return prepared("made-late");
            });
            assertThat(creating.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.currentThread().interrupt();

            assertThatThrownBy(() -> ahead.take(CELL)).isInstanceOf(InterruptedException.class);
            release.countDown();
        }
        assertThat(removed).containsExactly("made-late");
    }

    private static ContainerCellRunner.Prepared prepared(String id) {
        return new ContainerCellRunner.Prepared(id, null, null, Duration.ofMillis(7));
    }

    private static void sleepThen(long millis, Runnable then) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        then.run();
    }
}
