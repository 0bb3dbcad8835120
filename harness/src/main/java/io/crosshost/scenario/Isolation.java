package io.crosshost.scenario;

/** How a scenario's cells get their container. */
public enum Isolation {
    /** A fresh container for every cell (the default). */
    FRESH,
    /** Cells of a read-only scenario on the same host and image may run as execs in one container. */
    SHARED
}
