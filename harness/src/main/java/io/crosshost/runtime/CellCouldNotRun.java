package io.crosshost.runtime;

/** The harness could not run a cell (create failed, image missing, host gone): the cell is an ERROR. */
public final class CellCouldNotRun extends Exception {

    public CellCouldNotRun(String message) {
        super(message, null, false, false);
    }
}
