package io.crosshost.report;

import io.crosshost.result.CellResult;
import io.crosshost.result.RunTriage.Action;
import io.crosshost.result.RunTriage.CellVerdict;
import io.crosshost.result.Status;
import io.crosshost.result.StepResult;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes {@code junit.xml} in the Ant/Surefire dialect that the Jenkins JUnit plugin and xunit read, valid against
 * xunit's {@code junit-10.xsd}: one {@code <testsuite>} per scenario, one {@code <testcase>} per cell, with
 * {@code classname="crosshost.<scenario>"} and {@code name="<image> @ <host>"}.
 *
 * <p>JUnit XML knows only passed, failed, errored and skipped, so Crosshost's other statuses are mapped:
 * <ul>
 *   <li>FAIL is a {@code <failure>}, ERROR an {@code <error>}, SKIP a {@code <skipped message="reason">};</li>
 *   <li>XFAIL <em>passes</em>: the failure was expected, and a known failure must not turn the build red. The cell
 *       says so in its {@code <system-out>} (first line {@code XFAIL: ...} with the bug);</li>
 *   <li>XPASS is a {@code <failure>} ("expected to fail because ..., but passed"): the bug may be fixed and its
 *       known-failure entry should go, which is something a person has to do;</li>
 *   <li>FLAKY passes, and its {@code <system-out>} starts with the attempts it took.</li>
 * </ul>
 * The Crosshost status and bug of every non-plain cell are also {@code <property>} elements named
 * {@code crosshost.status[<testcase name>]} and {@code crosshost.bug[<testcase name>]}. They sit in the suite's
 * {@code <properties>}, not in the test case's, because junit-10.xsd (what xunit validates with) allows properties
 * only on a suite.
 */
public final class JunitXmlWriter {

    /** A failure message attribute longer than this is cut; the element's text has the whole message. */
    private static final int MESSAGE_ATTRIBUTE_MAX = 4000;

    /** Ant's format, which the JUnit plugin parses: no zone, seconds always written. Ours are UTC. */
    private static final DateTimeFormatter ANT_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private JunitXmlWriter() {
    }

    public static void write(RunResults results, Path target) throws IOException {
        AtomicFiles.write(target, out -> write(results, out));
    }

    static void write(RunResults results, Writer out) throws IOException {
        Map<String, List<CellResult>> byScenario = new LinkedHashMap<>();
        for (CellResult cell : results.cells()) {
            byScenario.computeIfAbsent(cell.scenario(), s -> new ArrayList<>()).add(cell);
        }
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.write("<testsuites name=\"" + Xml.attr("crosshost " + results.run().runId()) + "\""
                + counts(results.cells()) + ">\n");
        TriageView triage = TriageView.of(results);
        for (Map.Entry<String, List<CellResult>> suite : byScenario.entrySet()) {
            writeSuite(suite.getKey(), suite.getValue(), triage, out);
        }
        out.write("</testsuites>\n");
    }

    private static String counts(List<CellResult> cells) {
        long failures = cells.stream().filter(c -> c.status() == Status.FAIL || c.status() == Status.XPASS).count();
        long errors = cells.stream().filter(c -> c.status() == Status.ERROR).count();
        return " tests=\"" + cells.size() + "\" failures=\"" + failures + "\" errors=\"" + errors + "\" time=\""
                + seconds(cells.stream().map(CellResult::duration).filter(Objects::nonNull)
                .reduce(Duration.ZERO, Duration::plus)) + "\"";
    }

    private static void writeSuite(String scenario, List<CellResult> cells, TriageView triage, Writer out)
            throws IOException {
        long skipped = cells.stream().filter(c -> c.status() == Status.SKIP).count();
        Instant first = cells.stream().map(CellResult::startedAt).filter(Objects::nonNull).min(Instant::compareTo)
                .orElse(null);
        out.write("  <testsuite name=\"" + Xml.attr(className(scenario)) + "\"" + counts(cells)
                + " skipped=\"" + skipped + "\"");
        if (first != null) {
            out.write(" timestamp=\"" + ANT_TIMESTAMP.format(first) + "\"");
        }
        out.write(">\n");
        List<String[]> properties = new ArrayList<>();
        for (CellResult cell : cells) {
            if (cell.status() == Status.XFAIL || cell.status() == Status.XPASS || cell.status() == Status.FLAKY) {
                properties.add(new String[] {"crosshost.status[" + caseName(cell) + "]", cell.status().name()});
                if (cell.bug() != null) {
                    properties.add(new String[] {"crosshost.bug[" + caseName(cell) + "]", cell.bug()});
                }
            }
        }
        if (!properties.isEmpty()) {
            out.write("    <properties>\n");
            for (String[] p : properties) {
                out.write("      <property name=\"" + Xml.attr(p[0]) + "\" value=\"" + Xml.attr(p[1]) + "\"/>\n");
            }
            out.write("    </properties>\n");
        }
        for (CellResult cell : cells) {
            writeCase(cell, triage == null ? null : triage.verdict(cell.cellId()), out);
        }
        out.write("  </testsuite>\n");
    }

    /** {@code verdict} is the triage's on this cell, or null. */
    private static void writeCase(CellResult cell, CellVerdict verdict, Writer out) throws IOException {
        out.write("    <testcase classname=\"" + Xml.attr(className(cell.scenario())) + "\" name=\""
                + Xml.attr(caseName(cell)) + "\" time=\"" + seconds(cell.duration()) + "\">\n");
        // Jenkins shows the message first: the triage's one line there says which component without a click.
        String triage = verdict == null ? "" : "\ntriage: " + TriageView.line(verdict);
        String message = Text.orEmpty(cell.message());
        switch (cell.status()) {
            case FAIL -> element("failure", "FAIL", message + triage, details(cell, verdict), out);
            case ERROR -> element("error", "ERROR", message + triage, details(cell, verdict), out);
            case XPASS -> {
                String why = "expected to fail because " + Text.orEmpty(cell.knownFailure())
                        + (cell.bug() == null ? "" : " (" + cell.bug() + ")") + ", but passed";
                element("failure", "XPASS", why + triage, why + "\n\n" + details(cell, verdict), out);
            }
            case SKIP -> out.write("      <skipped message=\"" + Xml.attr(message) + "\"/>\n");
            default -> {
                // PASS, XFAIL and FLAKY pass.
            }
        }
        String systemOut = header(cell) + streams(cell, true);
        if (!systemOut.isEmpty()) {
            out.write("      <system-out>" + Xml.text(systemOut) + "</system-out>\n");
        }
        String systemErr = streams(cell, false);
        if (!systemErr.isEmpty()) {
            out.write("      <system-err>" + Xml.text(systemErr) + "</system-err>\n");
        }
        out.write("    </testcase>\n");
    }

    private static void element(String name, String type, String message, String body, Writer out)
            throws IOException {
        out.write("      <" + name + " message=\"" + Xml.attr(Text.abbreviate(message, MESSAGE_ATTRIBUTE_MAX))
                + "\" type=\"" + type + "\">" + Xml.text(body) + "</" + name + ">\n");
    }

    /**
     * What Jenkins shows as the "stack trace": the whole message, the triage's verdict and what to do, then how to
     * re-run the cell by hand.
     */
    private static String details(CellResult cell, CellVerdict verdict) {
        StringBuilder text = new StringBuilder(Text.orEmpty(cell.message()));
        for (StepResult step : cell.steps()) {
            if (step.failure() != null && !step.failure().equals(cell.message())) {
                text.append("\nstep ").append(step.name()).append(": ").append(step.failure());
            }
        }
        if (verdict != null) {
            text.append("\n\ntriage: ").append(TriageView.line(verdict));
            if (verdict.summary() != null && !verdict.culprits().isEmpty()) {
                text.append("\n  ").append(verdict.summary());
            }
            for (Action a : verdict.actions()) {
                text.append("\n  ").append(a.confirmed() ? "confirmed by a rerun: " : "suggestion: ").append(a.text());
            }
        }
        if (cell.reproducer() != null) {
            text.append("\n\nreproduce: ").append(cell.reproducer());
        }
        if (cell.imageDigest() != null) {
            text.append("\nimage digest: ").append(cell.imageDigest());
        }
        return text.toString();
    }

    /** The lines a person needs to read an XFAIL or FLAKY cell as passed without being misled. */
    private static String header(CellResult cell) {
        return switch (cell.status()) {
            case XFAIL -> "XFAIL: failed as expected: " + Text.orEmpty(cell.knownFailure())
                    + (cell.bug() == null ? "" : " (" + cell.bug() + ")") + "\n" + Text.orEmpty(cell.message())
                    + "\n\n";
            case FLAKY -> "FLAKY: passed on attempt " + cell.attempts() + " of " + cell.attempts() + "\n"
                    + Text.orEmpty(cell.message()) + "\n\n";
            default -> "";
        };
    }

    private static String streams(CellResult cell, boolean stdout) {
        StringBuilder text = new StringBuilder();
        boolean several = cell.steps().size() > 1;
        for (StepResult step : cell.steps()) {
            var output = stdout ? step.stdout() : step.stderr();
            if (output == null || (output.text().isEmpty() && output.droppedBytes() == 0)) {
                continue;
            }
            if (several) {
                text.append("--- step ").append(step.name()).append(" (exit ").append(step.exitCode())
                        .append(") ---\n");
            }
            text.append(output.text());
            if (output.droppedBytes() > 0) {
                text.append("\n[").append(output.droppedBytes()).append(" more bytes dropped]\n");
            }
        }
        return text.toString();
    }

    /** Jenkins splits a class name at its last dot into package and class, so a dot in a scenario id would split it. */
    static String className(String scenario) {
        return "crosshost." + Text.orEmpty(scenario).replace('.', '_');
    }

    static String caseName(CellResult cell) {
        return cell.image() + " @ " + cell.host();
    }

    private static String seconds(Duration duration) {
        return duration == null ? "0.000" : String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
    }
}
