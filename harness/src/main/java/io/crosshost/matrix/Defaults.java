package io.crosshost.matrix;

import java.time.Duration;

/** Settings every cell of a matrix gets unless its scenario says otherwise. */
public record Defaults(Duration timeout, long outputCapBytes, int retries, long memoryBytes, long pidsLimit) {

    /** 1 MiB of each stream is kept; 512 MiB and 1024 processes keep a runaway scenario from hurting its host. */
    public static final Defaults STANDARD = new Defaults(Duration.ofMinutes(2), 1024 * 1024, 0, 512L * 1024 * 1024, 1024);
}
