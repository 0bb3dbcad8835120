package io.crosshost.cli;

import io.crosshost.result.CellResult;
import io.crosshost.result.Status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pass/fail grid as plain text for a terminal or a CI log: scenarios as rows, hosts then images as
 * columns, one short word a cell. Unexpected cells are written in capitals so they stand out without colour.
 */
final class TerminalGrid {

    private TerminalGrid() {
    }

    static String render(Collection<CellResult> results) {
        Set<String> scenarios = new LinkedHashSet<>();
        Set<String> hosts = new LinkedHashSet<>();
        Set<String> images = new LinkedHashSet<>();
        Map<String, CellResult> byCell = new LinkedHashMap<>();
        for (CellResult r : results) {
            scenarios.add(r.scenario());
            hosts.add(r.host());
            images.add(r.image());
            byCell.put(r.scenario() + "\n" + r.image() + "\n" + r.host(), r);
        }
        List<String[]> columns = new ArrayList<>();
        for (String host : hosts) {
            for (String image : images) {
                columns.add(new String[] {host, image});
            }
        }
        int first = Math.max("scenario".length(), scenarios.stream().mapToInt(String::length).max().orElse(0));
        int[] widths = columns.stream().mapToInt(c -> Math.max(5, c[1].length())).toArray();
        StringBuilder out = new StringBuilder();
        // Host names over their group of image columns.
        out.append(" ".repeat(first));
        int col = 0;
        for (String host : hosts) {
            int span = 0;
            for (int i = 0; i < images.size(); i++) {
                span += widths[col + i] + 2;
            }
            out.append("  ").append(pad(fit(host, span - 2), span - 2));
            col += images.size();
        }
        out.append('\n').append(pad("scenario", first));
        for (int i = 0; i < columns.size(); i++) {
            out.append("  ").append(pad(columns.get(i)[1], widths[i]));
        }
        out.append('\n');
        for (String scenario : scenarios) {
            out.append(pad(scenario, first));
            for (int i = 0; i < columns.size(); i++) {
                CellResult r = byCell.get(scenario + "\n" + columns.get(i)[1] + "\n" + columns.get(i)[0]);
                out.append("  ").append(pad(word(r), widths[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String word(CellResult r) {
        if (r == null) {
            return "-";
        }
        Status s = r.status();
        return switch (s) {
            case PASS -> "ok";
            case SKIP -> "skip";
            case XFAIL -> "xfail";
            case FLAKY -> "flaky";
            case FAIL, ERROR, XPASS -> s.name();
        };
    }

    private static String fit(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(1, width - 1)) + "…";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
