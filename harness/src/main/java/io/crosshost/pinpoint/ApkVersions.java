package io.crosshost.pinpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alpine's ordering of {@code version[_suffix[N]]...[-rN]}, as apk-tools' version.c defines it in the common cases:
 * dot-separated numbers, an optional letter, suffixes ordered _alpha < _beta < _pre < _rc < (none) < _cvs < _svn <
 * _git < _hg < _p, then the package release -rN. Not covered: apk's fractional reading of leading zeros and the
 * ~commit-hash part (compared as text here).
 */
public final class ApkVersions implements Comparator<String> {

    public static final ApkVersions ORDER = new ApkVersions();

    private static final List<String> SUFFIXES = List.of("alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p");
    private static final Pattern SHAPE = Pattern.compile("([0-9.]*)([a-z]?)((?:_[a-z]+[0-9]*)*)(~[0-9a-f]+)?(?:-r([0-9]+))?");
    private static final Pattern SUFFIX = Pattern.compile("_([a-z]+)([0-9]*)");

    private ApkVersions() {
    }

    @Override
    public int compare(String a, String b) {
        Matcher x = SHAPE.matcher(a.trim());
        Matcher y = SHAPE.matcher(b.trim());
        if (!x.matches() || !y.matches()) {
            return RpmVersions.rpmvercmp(a, b);
        }
        int c = compareNumbers(x.group(1), y.group(1));
        if (c == 0) {
            c = x.group(2).compareTo(y.group(2));
        }
        if (c == 0) {
            c = compareSuffixes(suffixes(x.group(3)), suffixes(y.group(3)));
        }
        if (c == 0) {
            c = String.valueOf(x.group(4)).compareTo(String.valueOf(y.group(4)));
        }
        if (c == 0) {
            c = DebianVersions.compareDigits(nullToEmpty(x.group(5)), nullToEmpty(y.group(5)));
        }
        return Integer.signum(c);
    }

    private static int compareNumbers(String a, String b) {
        String[] x = a.isEmpty() ? new String[0] : a.split("\\.");
        String[] y = b.isEmpty() ? new String[0] : b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = DebianVersions.compareDigits(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** Each suffix as {rank, number}; an absent suffix ranks as "" does, between _rc and _cvs. */
    private static List<String[]> suffixes(String text) {
        List<String[]> out = new ArrayList<>();
        Matcher m = SUFFIX.matcher(text);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    private static int compareSuffixes(List<String[]> a, List<String[]> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String[] x = i < a.size() ? a.get(i) : new String[] {"", ""};
            String[] y = i < b.size() ? b.get(i) : new String[] {"", ""};
            int c = Integer.compare(rank(x[0]), rank(y[0]));
            if (c == 0) {
                c = DebianVersions.compareDigits(x[1], y[1]);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int rank(String suffix) {
        int r = SUFFIXES.indexOf(suffix);
        return r < 0 ? SUFFIXES.size() : r;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
