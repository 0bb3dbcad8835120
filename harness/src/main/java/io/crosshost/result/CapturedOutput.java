package io.crosshost.result;

/** What was kept of one output stream, and how many bytes past the cap were counted and dropped. */
public record CapturedOutput(String text, long droppedBytes) {

    public static final CapturedOutput EMPTY = new CapturedOutput("", 0);

    public boolean truncated() {
        return droppedBytes > 0;
    }
}
