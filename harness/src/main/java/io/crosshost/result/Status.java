package io.crosshost.result;

/** A cell's outcome. */
public enum Status {
    /** Ran and met every expectation. */
    PASS,
    /** Ran and missed an expectation. */
    FAIL,
    /** The harness could not run it: host unreachable, image missing, create failed, host died. */
    ERROR,
    /** Not run: excluded by the matrix (with the reason), or the run was stopped before it. */
    SKIP,
    /** Failed, as a known failure of the scenario said it would. */
    XFAIL,
    /** Passed although a known failure said it would fail: the bug may be fixed. */
    XPASS,
    /** Failed, then passed on a retry. */
    FLAKY;

    /** Whether this result should fail a build or a sign-off: something nobody expected. */
    public boolean unexpected() {
        return this == FAIL || this == ERROR || this == XPASS;
    }
}
