package io.crosshost.cli;

/** A mistake of the user's that the command reports as one clear line (no stack trace) and exit code 2. */
final class UserError extends RuntimeException {

    UserError(String message) {
        super(message, null, false, false);
    }

    /** With the exception behind it, whose stack trace {@code --debug} prints. */
    UserError(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
