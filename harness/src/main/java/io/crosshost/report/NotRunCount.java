package io.crosshost.report;

import io.crosshost.result.CellResult;
import io.crosshost.result.Status;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Counts the cells a run did not run, and collects why, in the words of their messages: a run that was stopped
 * marks every cell it did not reach SKIP "not run: ...", and a run that died has no result for them at all.
 */
final class NotRunCount {

    /** How MatrixRunner's results for the cells of a stopped run begin (its NOT_RUN_STOPPED, NOT_RUN_INTERRUPTED). */
    static final String NOT_RUN = "not run: ";
    private static final String DID_NOT_FINISH = "the run did not finish";

    private int count;
    private final Set<String> reasons = new LinkedHashSet<>();

    /** Whether a run did not run this cell: it was stopped first (a skip for a cause other than the matrix's). */
    static boolean notRun(CellResult cell) {
        return cell.status() == Status.SKIP && cell.message() != null && cell.message().startsWith(NOT_RUN);
    }

    /** @param message the cell's "not run: ..." message, or null for a cell the run has no result for */
    void add(String message) {
        count++;
        reasons.add(message == null ? DID_NOT_FINISH : reason(message));
    }

    RunDiff.NotRun of(String runId) {
        return new RunDiff.NotRun(runId, count, String.join("; ", reasons));
    }

    /** "not run: the run was stopped before this cell" and "... while this cell ran" are one reason. */
    private static String reason(String message) {
        String why = message.substring(NOT_RUN.length()).strip();
        int cell = why.indexOf(" before this cell");
        cell = cell < 0 ? why.indexOf(" while this cell ran") : cell;
        return cell < 0 ? why : why.substring(0, cell);
    }
}
