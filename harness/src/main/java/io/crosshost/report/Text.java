package io.crosshost.report;

/** Text clean-ups shared by the writers. Container output is arbitrary, so every writer goes through here. */
final class Text {

    private Text() {
    }

    /**
     * Replaces unpaired UTF-16 surrogates with U+FFFD. Output decoded by hand (or split at a cap) can hold half a
     * pair, and a UTF-8 encoder refuses it; one bad byte must not cost the whole report.
     */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c)) {
                bad = i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
                if (!bad) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                bad = Character.isLowSurrogate(c);
            }
            if (bad && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * The message on one line, at most {@code max} chars: AssertJ's first line is often only the description
     * ("[useradd-passwd on debian-13 @ docker]"), and what was expected and found follows it.
     */
    static String oneLine(String text, int max) {
        return abbreviate(visibleControls(text).replaceAll("[\\s\u0085\u2028\u2029]+", " ").strip(), max);
    }

    /** At most {@code max} chars, cut at a code point boundary, with an ellipsis when cut. */
    static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text == null ? "" : text;
        }
        int end = max - 1;
        if (Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** The short form of a digest people compare by eye: the first 12 hex digits after the algorithm. */
    static String shortDigest(String digest) {
        if (digest == null || digest.isBlank()) {
            return "";
        }
        int colon = digest.lastIndexOf(':');
        String hex = colon < 0 ? digest : digest.substring(colon + 1);
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /**
     * Control characters other than tab and newline replaced by their Unicode control pictures (ESC shows as ␛), for
     * plain-text and Markdown output where a raw ESC would recolour a terminal or vanish in a browser.
     */
    static String visibleControls(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
                out.append(c == 0x7f ? '\u2421' : (char) (0x2400 + c));
            } else {
                out.append(c);
            }
        }
        return clean(out.toString());
    }

    static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
