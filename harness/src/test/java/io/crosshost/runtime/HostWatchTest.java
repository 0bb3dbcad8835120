package io.crosshost.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HostWatchTest {

    private final AtomicInteger pings = new AtomicInteger();

    @Test
    void aFailedCellOnAHostThatStillAnswersIsTheCellsOwnError() {
        HostWatch watch = new HostWatch("docker", deadline -> ping(Optional.empty()));

        assertThat(watch.afterFailure(Instant.now(), "No such image: x")).isEmpty();
        assertThat(watch.dead()).isEmpty();
        assertThat(pings).hasValue(1);
    }

    @Test
    void aHostThatStoppedAnsweringFailsEveryLaterCellWithTheFirstFailuresTimeAndWords() {
        HostWatch watch = new HostWatch("docker-legacy", deadline -> ping(Optional.of("host docker-legacy: no engine answers")));
        Instant at = Instant.parse("2026-11-26T23:31:19.031456Z");

        String first = watch.afterFailure(at, "transport is closing: unavailable").orElseThrow();
        String later = watch.afterFailure(at.plusSeconds(1), "No such file or directory").orElseThrow();

        assertThat(first).isEqualTo("host docker-legacy stopped answering at 2026-11-26T23:31:19.031Z: transport is closing: unavailable");
        assertThat(later).isEqualTo(first);
        assertThat(watch.dead()).contains(first);
        assertThat(pings).as("a host known to be dead is not asked again").hasValue(1);
    }

    /** SIGTERM mid-run printed "host docker-legacy stopped answering ...: java.nio.channels.ClosedByInterruptException". */
    @Test
    void aFailureWhileTheRunStopsIsNeverTheHosts() {
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean(true);
        HostWatch watch = new HostWatch("docker-legacy", deadline -> ping(Optional.of("interrupted while pinging")), stopping::get);

        assertThat(watch.afterFailure(Instant.now(), "java.nio.channels.ClosedByInterruptException")).isEmpty();
        assertThat(watch.dead()).isEmpty();
        assertThat(pings).as("no ping for a failure of our own").hasValue(0);
    }

    @Test
    void aStopThatComesWhileThePingWaitsIsNotTheHostsEither() {
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        HostWatch watch = new HostWatch("docker", deadline -> {
            stopping.set(true); // the stop interrupts the ping, which then fails at once
            return ping(Optional.of("host docker: interrupted while pinging unix:///var/run/docker.sock"));
        }, stopping::get);

        assertThat(watch.afterFailure(Instant.now(), "Broken pipe")).isEmpty();
        assertThat(watch.dead()).isEmpty();
    }

    @Test
    void anInterruptedThreadsFailureIsTheStopsAndNotTheHosts() {
        HostWatch watch = new HostWatch("docker", deadline -> ping(Optional.of("interrupted while pinging")));
        Thread.currentThread().interrupt();
        try {
            assertThat(watch.afterFailure(Instant.now(), "java.nio.channels.ClosedByInterruptException")).isEmpty();
        } finally {
            Thread.interrupted();
        }
        assertThat(watch.dead()).isEmpty();
    }

    @Test
    void thePingHasADeadlineOfItsOwn() {
        Duration[] asked = new Duration[1];
        new HostWatch("h", deadline -> {
            asked[0] = deadline;
            return Optional.empty();
        }).afterFailure(Instant.now(), "x");

        assertThat(asked[0]).isEqualTo(HostWatch.PING_DEADLINE).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    private Optional<String> ping(Optional<String> answer) {
        pings.incrementAndGet();
        return answer;
    }
}
