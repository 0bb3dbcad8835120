package io.crosshost.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a host still answers during a run. A failed cell makes the watch ping the engine (within a deadline
 * of its own); when the ping fails too, the host stopped answering at that cell's failure, and every cell still
 * to run on it is an ERROR at once with the same message, instead of each one meeting the dead socket itself.
 * A host marked dead stays dead for the run: a daemon that comes back mid-run has lost the cells it was running.
 */
final class HostWatch {

    /** How long a ping may take before a host that just failed a request counts as gone. */
    static final Duration PING_DEADLINE = Duration.ofSeconds(5);

    private final String host;
    private final Function<Duration, Optional<String>> notAnswering;
    private volatile String deadMessage;

    /** {@code notAnswering}: empty when the engine answers a ping within the deadline, else why not. */
    HostWatch(String host, Function<Duration, Optional<String>> notAnswering) {
        this.host = host;
        this.notAnswering = notAnswering;
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
        if (notAnswering.apply(PING_DEADLINE).isEmpty()) {
            return Optional.empty();
        }
        deadMessage = message(host, at, engineMessage);
        System.err.println("crosshost: " + deadMessage + "; its remaining cells are ERROR without being tried");
        return Optional.of(deadMessage);
    }

    static String message(String host, Instant at, String engineMessage) {
        return "host " + host + " stopped answering at " + DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS))
                + ": " + engineMessage;
    }
}
