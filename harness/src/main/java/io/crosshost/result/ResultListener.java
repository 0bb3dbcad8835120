package io.crosshost.result;

/**
 * What reports and the command line plug into. Calls arrive as things happen, from the harness's threads:
 * facts before the cells that use them, each cell as it finishes. Implementations must be thread-safe.
 */
public interface ResultListener {

    default void runStarted(RunInfo run) {
    }

    default void hostFacts(HostFacts facts) {
    }

    default void imageFacts(ImageFacts facts) {
    }

    /** A pull of an image as it goes (often, on a terminal's pace) and once when it ends ({@code finished}). */
    default void pullProgress(PullProgress pull) {
    }

    default void cellFinished(CellResult result) {
    }

    /** The run is over, normally or after an interrupt; {@code interrupted} says which. */
    default void runFinished(RunInfo run, boolean interrupted) {
    }
}
