package io.crosshost.runtime;

/** The harness could not run a cell (create failed, image missing, host gone): the cell is an ERROR. */
public final class CellCouldNotRun extends Exception {

    private final String engineMessage;
    private final java.time.Instant failedAt = java.time.Instant.now();

    public CellCouldNotRun(String message) {
        this(message, message);
    }

    /** {@code engineMessage}: what the engine or the socket said, without the harness's words around it. */
    public CellCouldNotRun(String message, String engineMessage) {
        super(message, null, false, false);
        this.engineMessage = engineMessage;
    }

    public String engineMessage() {
        return engineMessage;
    }

    /** When the request failed: for a host that stopped answering, the earliest time the run knows of. */
    public java.time.Instant failedAt() {
        return failedAt;
    }
}
