package io.crosshost.assertion;

import java.time.Duration;

/**
 * A step's output as a {@link CharSequence} that stops a regular expression running past a deadline.
 *
 * <p>{@code java.util.regex} backtracks: a pattern such as {@code (a+)+$} takes exponential time on some inputs, and
 * a matcher cannot be interrupted. It reads its input only through {@code charAt}, so the deadline is checked there
 * (every 4096 reads, to keep {@code System.nanoTime} out of the hot path) and ends the match with
 * {@link TooSlow}. A linear-time engine (RE2/J) would avoid the problem, but it changes the dialect: no
 * backreferences and no lookaround, which scenario authors writing Java regular expressions may use.
 */
final class BoundedText implements CharSequence {

    private final String text;
    private final long deadlineNanos;
    private final Duration budget;
    private int reads;

    BoundedText(String text, Duration budget) {
        this(text, System.nanoTime() + budget.toNanos(), budget);
    }

    private BoundedText(String text, long deadlineNanos, Duration budget) {
        this.text = text;
        this.deadlineNanos = deadlineNanos;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if ((++reads & 4095) == 0 && System.nanoTime() - deadlineNanos > 0) {
            throw new TooSlow(budget);
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedText(text.substring(start, end), deadlineNanos, budget);
    }

    /** The text itself: AssertJ quotes it in its failure message. */
    @Override
    public String toString() {
        return text;
    }

    /** A match ran out of its time. */
    static final class TooSlow extends RuntimeException {
        final Duration budget;

        TooSlow(Duration budget) {
            super(null, null, false, false);
            this.budget = budget;
        }
    }
}
