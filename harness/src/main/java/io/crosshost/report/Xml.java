package io.crosshost.report;

/**
 * Escaping for XML 1.0 text and attributes. Container output holds characters XML 1.0 cannot carry at all, even
 * escaped (NUL, ESC from coloured output, other C0 controls, U+FFFE/U+FFFF): a report with one of them is not
 * well-formed and Jenkins rejects the whole file. They become their Unicode "control picture" (ESC shows as ␛), which
 * is legal and still tells a reader what was there.
 */
final class Xml {

    private Xml() {
    }

    static String text(String raw) {
        return escape(raw, false);
    }

    static String attr(String raw) {
        return escape(raw, true);
    }

    private static String escape(String raw, boolean attribute) {
        String text = Text.clean(raw);
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                // '>' only matters after "]]" in text, but escaping it always is simpler to trust.
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                // Parsers normalise a raw CR to LF, and raw whitespace in attributes to spaces: keep them as written.
                case '\r' -> out.append("&#13;");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (c < 0x20) {
                        out.append((char) (0x2400 + c));
                    } else if (c == '\uFFFE' || c == '\uFFFF') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
