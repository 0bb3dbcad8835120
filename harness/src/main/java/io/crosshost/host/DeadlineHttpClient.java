package io.crosshost.host;

import com.github.dockerjava.transport.DockerHttpClient;
import io.crosshost.runtime.DaemonThreads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * docker-java's transport with a deadline on every request that should answer at once (create, start, inspect,
 * kill, remove, ...), so that an engine that hangs (a stopped or deadlocked dockerd accepts connections and never
 * answers) ends a cell as an error instead of holding its host's slot, the run, and even a SIGTERM'd shutdown, forever.
 *
 * <p>The short requests go to a transport whose read timeout is the deadline: that ends a silent TCP (TLS) connection,
 * whose {@code java.net.Socket} read ignores interrupts. On a unix socket the read timeout does nothing (zerodep's
 * socket is a JDK {@code SocketChannel}, which ignores SO_TIMEOUT; a request to a SIGSTOP'd dockerd with a 3 s response
 * timeout answered after the 10 s the engine was stopped, measured here). That channel is interruptible, though:
 * interrupting the blocked thread closes the connection and ends the read, which is what the alarm here does.
 *
 * <p>Requests that legitimately last as long as a scenario runs (attach, wait, exec start, logs, pull, ...) go to a
 * transport without a read timeout and carry no deadline: a cell whose process prints nothing for an hour is fine.
 * The cell's own timeout bounds them, and a host that stops answering is caught by the next short request. The alarm
 * covers a request until its response's headers arrive; engines send small bodies at once.
 */
final class DeadlineHttpClient implements DockerHttpClient {

    /** Paths of requests that stream for as long as a container, an exec or a download takes. */
    private static final Pattern LONG_LIVED = Pattern.compile(
            "^(/v[0-9.]+)?/(containers/[^/]+/(attach|wait|logs|export|stats)|exec/[^/]+/start|images/(create|load|[^?]+/get)|build|events)([/?].*)?$");
    /** A stats request that asks for one sample answers at once. */
    private static final Pattern ONE_STATS_SAMPLE = Pattern.compile("[?&]stream=(false|0)(&|$)");

    private static final ScheduledThreadPoolExecutor ALARMS = alarms();

    private final DockerHttpClient quick;
    private final DockerHttpClient lasting;
    private final Duration deadline;

    /**
     * {@code quick}: a transport whose read timeout is the deadline; {@code lasting}: one without a read timeout. On a
     * unix socket, where a read timeout does nothing, both are the same transport.
     */
    DeadlineHttpClient(DockerHttpClient quick, DockerHttpClient lasting, Duration deadline) {
        this.quick = quick;
        this.lasting = lasting;
        this.deadline = deadline;
    }

    @Override
    public Response execute(Request request) {
        if (!hasDeadline(request)) {
            return lasting.execute(request);
        }
        Alarm alarm = new Alarm(Thread.currentThread());
        alarm.set(deadline);
        try {
            return quick.execute(request);
        } catch (RuntimeException e) {
            if (alarm.rang() || readTimedOut(e)) {
                throw new UncheckedIOException(new SocketTimeoutException("the engine did not answer " + request.method() + " "
                        + shown(request.path()) + " within " + io.crosshost.scenario.DurationText.of(deadline)));
            }
            throw e;
        } finally {
            alarm.disarm();
        }
    }

    /** Whether the request should answer at once, and so gets the deadline. */
    static boolean hasDeadline(Request request) {
        String path = request.path();
        if (request.hijackedInput() != null) {
            return false;
        }
        if (!LONG_LIVED.matcher(path).matches()) {
            return true;
        }
        return path.contains("/stats") && ONE_STATS_SAMPLE.matcher(path).find();
    }

    /** The path as a person reads it: no query, no API version, container and exec ids cut to their 12-character form. */
    static String shown(String path) {
        int q = path.indexOf('?');
        return (q < 0 ? path : path.substring(0, q)).replaceFirst("^/v[0-9.]+/", "/").replaceAll("\\b([0-9a-f]{12})[0-9a-f]{52}\\b", "$1");
    }

    private static boolean readTimedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        try {
            quick.close();
        } finally {
            if (lasting != quick) {
                lasting.close();
            }
        }
    }

    /**
     * Interrupts one thread at the deadline unless disarmed first; disarming clears the interrupt it caused, so the
     * thread goes on with its interrupt status as it was (a stop's interrupt that came first is kept: the alarm does
     * not ring for a thread that is already interrupted).
     */
    private static final class Alarm implements Runnable {
        private final Thread thread;
        private ScheduledFuture<?> pending;
        private boolean disarmed;
        private boolean rang;

        Alarm(Thread thread) {
            this.thread = thread;
        }

        void set(Duration after) {
            pending = ALARMS.schedule(this, after.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public synchronized void run() {
            if (!disarmed && !thread.isInterrupted()) {
                rang = true;
                thread.interrupt();
            }
        }

        synchronized boolean rang() {
            return rang;
        }

        void disarm() {
            pending.cancel(false);
            synchronized (this) {
                disarmed = true;
                if (rang) {
                    Thread.interrupted();
                }
            }
        }
    }

    private static ScheduledThreadPoolExecutor alarms() {
        ScheduledThreadPoolExecutor alarms = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("crosshost-request-deadline"));
        // Nearly every alarm is cancelled within milliseconds: drop them from the queue at once.
        alarms.setRemoveOnCancelPolicy(true);
        return alarms;
    }
}
