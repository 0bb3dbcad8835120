package io.crosshost.pinpoint;

import java.util.Comparator;

/**
 * Debian's version ordering, from Debian Policy 5.6.12: {@code [epoch:]upstream[-revision]}; the epoch compares
 * numerically, upstream and revision by alternating non-digit parts (letters before other characters, {@code ~}
 * before everything, even the end of the string) and digit parts (numerically). So 2.31-13+deb11u11 < 2.36-9,
 * 1.0~rc1 < 1.0, and 1:0.1 > 9.9.
 */
public final class DebianVersions implements Comparator<String> {

    public static final DebianVersions ORDER = new DebianVersions();

    private DebianVersions() {
    }

    @Override
    public int compare(String a, String b) {
        String[] x = split(a);
        String[] y = split(b);
        int epoch = compareDigits(x[0], y[0]);
        if (epoch != 0) {
            return epoch;
        }
        int upstream = compareFragment(x[1], y[1]);
        return upstream != 0 ? upstream : compareFragment(x[2], y[2]);
    }

    /** epoch ("0" when absent), upstream, revision ("" when absent: compares equal to "0"). */
    private static String[] split(String version) {
        String v = version.trim();
        String epoch = "0";
        int colon = v.indexOf(':');
        if (colon > 0 && v.substring(0, colon).chars().allMatch(Character::isDigit)) {
            epoch = v.substring(0, colon);
            v = v.substring(colon + 1);
        }
        int dash = v.lastIndexOf('-');
        return dash < 0 ? new String[] {epoch, v, ""} : new String[] {epoch, v.substring(0, dash), v.substring(dash + 1)};
    }

    private static int compareFragment(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            // The non-digit part, character by character; a string that has ended weighs as 0.
            while ((i < a.length() && !isDigit(a.charAt(i))) || (j < b.length() && !isDigit(b.charAt(j)))) {
                int wa = weight(a, i);
                int wb = weight(b, j);
                if (wa != wb) {
                    return Integer.compare(wa, wb);
                }
                i++;
                j++;
            }
            int ea = digitsEnd(a, i);
            int eb = digitsEnd(b, j);
            int digits = compareDigits(a.substring(i, ea), b.substring(j, eb));
            if (digits != 0) {
                return digits;
            }
            i = ea;
            j = eb;
        }
        return 0;
    }

    private static int weight(String s, int i) {
        if (i >= s.length() || isDigit(s.charAt(i))) {
            return 0;
        }
        char c = s.charAt(i);
        if (c == '~') {
            return -1;
        }
        return Character.isLetter(c) ? c : c + 256;
    }

    /** Numeric comparison of digit strings of any length ("" is 0), without overflow. */
    static int compareDigits(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : Integer.signum(x.compareTo(y));
    }

    private static String stripZeros(String s) {
        int k = 0;
        while (k < s.length() && s.charAt(k) == '0') {
            k++;
        }
        return s.substring(k);
    }

    private static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
