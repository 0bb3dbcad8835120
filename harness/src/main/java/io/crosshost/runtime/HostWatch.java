package io.crosshost.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Whether a host still answers during a run. A failed cell makes the watch ping the engine (within a deadline
 * of its own); when the ping fails too, the host stopped answering at that cell's failure, and every cell still
 * to run on it is an ERROR at once with the same message, instead of each one meeting the dead socket itself.
 * A host marked dead stays dead for the run: a daemon that comes back mid-run has lost the cells it was running.
 *
 * <p>A failure while the run is being stopped is never the host's: the stop interrupts the cells' threads, and an
 * interrupted request fails with {@code ClosedByInterruptException} (the JDK closes the interrupted socket channel)
 * and an interrupted ping fails at once. Counted as the host's, that printed "host docker-legacy stopped answering
 * ...: java.nio.channels.ClosedByInterruptException" on SIGTERM, failed the cells still queued, and made the run's
 * close skip the label sweep of a host it thought dead, leaving the containers created ahead behind.
 */
final class HostWatch {

    /** How long a ping may take before a host that just failed a request counts as gone. */
    static final Duration PING_DEADLINE = Duration.ofSeconds(5);

    private final String host;
    private final Function<Duration, Optional<String>> notAnswering;
    private final BooleanSupplier stopping;
    private volatile String deadMessage;

    /** {@code notAnswering}: empty when the engine answers a ping within the deadline, else why not. */
    HostWatch(String host, Function<Duration, Optional<String>> notAnswering) {
        this(host, notAnswering, () -> false);
    }

    /** {@code stopping}: true once the run is being stopped, from then on no failure makes the host dead. */
    HostWatch(String host, Function<Duration, Optional<String>> notAnswering, BooleanSupplier stopping) {
        this.host = host;
        this.notAnswering = notAnswering;
        this.stopping = stopping;
    }

    /** The message every remaining cell of this host gets, once the host stopped answering. */
    Optional<String> dead() {
        return Optional.ofNullable(deadMessage);
    }

    /**
     * After a request to the host failed at {@code at} with {@code engineMessage}: the stopped-answering message
     * when the host no longer answers (the first failure's time and words), empty when it still does.
     */
    synchronized Optional<String> afterFailure(Instant at, String engineMessage) {
        if (deadMessage != null) {
            return Optional.of(deadMessage);
        }
        if (ourOwnInterrupt()) {
            return Optional.empty();
        }
        // Asked again after the ping: a stop that comes while the ping waits interrupts it too.
        if (notAnswering.apply(PING_DEADLINE).isEmpty() || ourOwnInterrupt()) {
            return Optional.empty();
        }
        deadMessage = message(host, at, engineMessage);
        System.err.println("crosshost: " + deadMessage + "; its remaining cells are ERROR without being tried");
        return Optional.of(deadMessage);
    }

    /**
     * The run is being stopped, or this thread was interrupted: by the stop, since the request deadline's own alarm
     * clears the interrupt it caused before the failure gets here (DeadlineHttpClient).
     */
    private boolean ourOwnInterrupt() {
        return stopping.getAsBoolean() || Thread.currentThread().isInterrupted();
    }

    static String message(String host, Instant at, String engineMessage) {
        return "host " + host + " stopped answering at " + DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS))
                + ": " + engineMessage;
    }
}
