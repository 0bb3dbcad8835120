package io.crosshost.definitions;

import io.crosshost.scenario.SourceLocation;

import java.util.Comparator;

/**
 * One thing wrong with a definition file, located so that an editor can jump to it. The message is one printable
 * line of bounded length whatever the file held: a value quoted in it may be a megabyte, hold a newline, a terminal
 * escape or a right-to-left override, and each problem must stay one line that a terminal, a CI log and grep show
 * as it is.
 */
public record Problem(SourceLocation location, String message) {

    /** Room for the longest message (a list of valid keys) and a quoted value or two, and not for a megabyte. */
    static final int MAX_MESSAGE = 600;
    /** How much of a value a message quotes. */
    static final int MAX_QUOTED = 80;

    /** By file, line and column, so a reader goes through a file top to bottom; stable for equal locations. */
    public static final Comparator<Problem> READING_ORDER = Comparator.comparing((Problem p) -> p.location().file().toString())
            .thenComparingInt(p -> p.location().line())
            .thenComparingInt(p -> p.location().column());

    public Problem {
        message = printable(message, MAX_MESSAGE);
    }

    /** {@code file:line:column: message}, the form compilers use, so IDEs and terminals link it. */
    @Override
    public String toString() {
        return location + ": " + message;
    }

    /** A value as a message quotes it: {@code 'value'}, its start only when it is long. */
    static String quote(String value) {
        if (value == null) {
            return "''";
        }
        int codePoints = value.codePointCount(0, value.length());
        if (codePoints <= MAX_QUOTED) {
            return "'" + value + "'";
        }
        return "'" + value.substring(0, value.offsetByCodePoints(0, MAX_QUOTED)) + "...' (" + codePoints + " characters)";
    }

    /** Control and format characters (a newline, an escape, a right-to-left override) escaped, and at most {@code max} characters. */
    static String printable(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(Math.min(text.length(), max + 16));
        boolean cut = false;
        for (int i = 0; i < text.length(); ) {
            if (s.length() >= max) {
                cut = true;
                break;
            }
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    int type = Character.getType(c);
                    if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
                            || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                        s.append(String.format("\\u%04x", c));
                    } else {
                        s.appendCodePoint(c);
                    }
                }
            }
        }
        if (cut || s.length() > max) {
            s.setLength(max - 3);
            if (Character.isHighSurrogate(s.charAt(s.length() - 1))) {
                s.setLength(s.length() - 1);
            }
            s.append("...");
        }
        return s.toString();
    }
}
