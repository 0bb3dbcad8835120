package io.crosshost.result;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Several listeners as one, called in order. A listener that throws does not stop the others: the reports still
 * get every cell when the progress line breaks, and junit.xml is still written when index.html is not. But a
 * failure is not forgotten either (issue 13: a report that could not be written was one stderr line above an exit
 * 0): {@link #runStarted} and {@link #runFinished} throw {@link ResultsNotRecorded} once every listener was called,
 * so the engine's root node fails and the command exits 2. A failure while cells run is kept until the run
 * finishes, since throwing into a cell's thread would cost that cell and not save the report.
 */
public final class ResultListeners implements ResultListener {

    /** More distinct problems than this are counted, not listed: a full disk fails every cell the same way. */
    private static final int MAX_LINES = 10;

    private final List<ResultListener> listeners;
    /** Each distinct problem line with its first exception, in the order they happened. */
    private final Map<String, RuntimeException> failures = new LinkedHashMap<>();

    private ResultListeners(List<ResultListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** Always a wrapper, even for one listener: its failures must reach the end of the run, not a cell's thread. */
    public static ResultListener of(List<ResultListener> listeners) {
        return new ResultListeners(listeners);
    }

    /** Thrown when a run ends (or cannot start) and a listener failed; the message is one line per problem. */
    public static final class ResultsNotRecorded extends RuntimeException {

        ResultsNotRecorded(String message, List<RuntimeException> causes) {
            super(message, causes.get(0));
            causes.stream().skip(1).forEach(this::addSuppressed);
        }
    }

    /** A run that cannot start its record (say, its reports directory cannot be made) stops before any cell. */
    @Override
    public void runStarted(RunInfo run) {
        each(l -> l.runStarted(run), false);
        throwIfFailed();
    }

    @Override
    public void hostFacts(HostFacts facts) {
        each(l -> l.hostFacts(facts), true);
    }

    @Override
    public void imageFacts(ImageFacts facts) {
        each(l -> l.imageFacts(facts), true);
    }

    @Override
    public void pullProgress(PullProgress pull) {
        each(l -> l.pullProgress(pull), true);
    }

    @Override
    public void cellFinished(CellResult result) {
        each(l -> l.cellFinished(result), true);
    }

    /**
     * An interrupted run finishes in the engine's shutdown hook (SIGINT, SIGTERM), where a throw would reach only
     * the JVM's default handler, as a stack trace, and the exit code is the signal's anyway: there the problems
     * are printed, one "crosshost:" line each, instead.
     */
    @Override
    public void runFinished(RunInfo run, boolean interrupted) {
        each(l -> l.runFinished(run, interrupted), false);
        if (!interrupted) {
            throwIfFailed();
            return;
        }
        try {
            throwIfFailed();
        } catch (ResultsNotRecorded e) {
            e.getMessage().lines().forEach(line -> System.err.println("crosshost: " + line));
        }
    }

    private void each(Consumer<ResultListener> call, boolean runGoesOn) {
        for (ResultListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                for (String line : lines(e)) {
                    boolean first;
                    synchronized (failures) {
                        first = failures.putIfAbsent(line, e) == null;
                    }
                    // Said at once, and once, in a run that goes on for hours; its end says it again, as the error.
                    if (first && runGoesOn) {
                        System.err.println("crosshost: " + line + " (the run goes on, and will exit 2)");
                    }
                }
            }
        }
    }

    private void throwIfFailed() {
        List<String> lines;
        List<RuntimeException> causes;
        synchronized (failures) {
            if (failures.isEmpty()) {
                return;
            }
            lines = new ArrayList<>(failures.keySet());
            causes = failures.values().stream().distinct().toList();
            failures.clear();
        }
        List<String> shown = new ArrayList<>(lines.subList(0, Math.min(lines.size(), MAX_LINES)));
        if (lines.size() > MAX_LINES) {
            shown.add("and " + (lines.size() - MAX_LINES) + " more problems of the result listeners");
        }
        throw new ResultsNotRecorded(String.join("\n", shown), causes);
    }

    /**
     * A report's I/O failure already names its file and cause, one line per file (see the report package);
     * anything else is a bug of a listener, said as such.
     */
    private static List<String> lines(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        if (e instanceof UncheckedIOException && !message.isEmpty()) {
            return message.lines().toList();
        }
        return List.of("a result listener failed: " + e);
    }
}
