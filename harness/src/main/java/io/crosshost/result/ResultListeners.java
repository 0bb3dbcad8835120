package io.crosshost.result;

import java.util.List;

/** Several listeners as one, called in order; a listener that throws does not stop the others or the run. */
public final class ResultListeners implements ResultListener {

    private final List<ResultListener> listeners;

    private ResultListeners(List<ResultListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public static ResultListener of(List<ResultListener> listeners) {
        return listeners.size() == 1 ? listeners.get(0) : new ResultListeners(listeners);
    }

    @Override
    public void runStarted(RunInfo run) {
        each(l -> l.runStarted(run));
    }

    @Override
    public void hostFacts(HostFacts facts) {
        each(l -> l.hostFacts(facts));
    }

    @Override
    public void imageFacts(ImageFacts facts) {
        each(l -> l.imageFacts(facts));
    }

    @Override
    public void cellFinished(CellResult result) {
        each(l -> l.cellFinished(result));
    }

    @Override
    public void runFinished(RunInfo run, boolean interrupted) {
        each(l -> l.runFinished(run, interrupted));
    }

    private void each(java.util.function.Consumer<ResultListener> call) {
        for (ResultListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                System.err.println("crosshost: a result listener failed: " + e);
            }
        }
    }
}
