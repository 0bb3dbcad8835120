package io.crosshost.pinpoint;

import java.util.Comparator;

/**
 * rpm's ordering of {@code [epoch:]version-release}: the epoch numerically, then version and release by rpmvercmp's
 * rules (rpm's lib/rpmvercmp.c, documented in rpm's "Version comparison"): separators are ignored, the strings
 * compare as alternating runs of digits (numerically) and letters (as text), a digit run is newer than a letter run,
 * {@code ~} sorts before everything and {@code ^} after the end but before anything else; when one string has run
 * out, the longer one is newer. So 2.0.94-5.3.el6 < 2.0.96-1.el6 and 1.0~rc1 < 1.0 < 1.0^git1 < 1.0.1.
 */
public final class RpmVersions implements Comparator<String> {

    public static final RpmVersions ORDER = new RpmVersions();

    private RpmVersions() {
    }

    @Override
    public int compare(String a, String b) {
        String[] x = split(a);
        String[] y = split(b);
        int epoch = DebianVersions.compareDigits(x[0], y[0]);
        if (epoch != 0) {
            return epoch;
        }
        int version = rpmvercmp(x[1], y[1]);
        return version != 0 ? version : rpmvercmp(x[2], y[2]);
    }

    private static String[] split(String evr) {
        String v = evr.trim();
        String epoch = "0";
        int colon = v.indexOf(':');
        if (colon > 0) {
            epoch = v.substring(0, colon);
            v = v.substring(colon + 1);
        }
        int dash = v.lastIndexOf('-');
        return dash < 0 ? new String[] {epoch, v, ""} : new String[] {epoch, v.substring(0, dash), v.substring(dash + 1)};
    }

    static int rpmvercmp(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            i = skipSeparators(a, i);
            j = skipSeparators(b, j);
            char ca = at(a, i);
            char cb = at(b, j);
            if (ca == '~' || cb == '~') {
                if (ca != '~') {
                    return 1;
                }
                if (cb != '~') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^') {
                if (i >= a.length()) {
                    return -1;
                }
                if (j >= b.length()) {
                    return 1;
                }
                if (ca != '^') {
                    return 1;
                }
                if (cb != '^') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (i >= a.length() || j >= b.length()) {
                break;
            }
            boolean numeric = isDigit(ca);
            int ea = runEnd(a, i, numeric);
            int eb = runEnd(b, j, numeric);
            if (eb == j) {
                // b's run is of the other kind: a digit run is newer than a letter run.
                return numeric ? 1 : -1;
            }
            String ra = a.substring(i, ea);
            String rb = b.substring(j, eb);
            int c = numeric ? DebianVersions.compareDigits(ra, rb) : Integer.signum(ra.compareTo(rb));
            if (c != 0) {
                return c;
            }
            i = ea;
            j = eb;
        }
        boolean aLeft = i < a.length();
        boolean bLeft = j < b.length();
        return aLeft == bLeft ? 0 : aLeft ? 1 : -1;
    }

    private static int skipSeparators(String s, int from) {
        int k = from;
        while (k < s.length() && !isAlnum(s.charAt(k)) && s.charAt(k) != '~' && s.charAt(k) != '^') {
            k++;
        }
        return k;
    }

    private static int runEnd(String s, int from, boolean digits) {
        int k = from;
        while (k < s.length() && (digits ? isDigit(s.charAt(k)) : isLetter(s.charAt(k)))) {
            k++;
        }
        return k;
    }

    // rpm's risc* helpers: ASCII only, whatever the locale.
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || isLetter(c);
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }
}
