package io.crosshost.cli;

/** The command's exit codes, as documented in the README and {@code crosshost --help}. */
final class ExitCodes {

    /** Every cell ran as expected (PASS, XFAIL, FLAKY, SKIP). */
    static final int OK = 0;
    /** At least one unexpected result: FAIL, ERROR or XPASS. */
    static final int UNEXPECTED = 1;
    /** Bad input (files, options) or an error of the harness itself. */
    static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
