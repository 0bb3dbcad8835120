package io.crosshost.definitions;

import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.matrix.Matrix;
import io.crosshost.scenario.Scenario;

import java.util.List;

/**
 * What no single file can tell: names that the matrix or the catalog does not have, and a selection that selects
 * nothing. Globs may match nothing, so that one catalog serves several matrices; a literal name must exist,
 * because a literal that matches nothing is a typo that would silently turn an XFAIL into a FAIL.
 */
final class CrossChecks {

    private CrossChecks() {
    }

    /**
     * @param catalogIds  the scenario ids of the catalog the matrix belongs with, which its literal scenario names
     *                    must be among; null when they were not to be checked (a catalog already reported missing)
     * @param catalogName how messages name that catalog
     * @param catalogNote what to add to such a message (how to name another catalog), or null
     */
    static void check(Matrix matrix, List<Scenario> scenarios, List<NameRef> catalogRefs, List<String> catalogIds,
                      String catalogName, String catalogNote, MatrixParser.Parsed parsedMatrix, List<Problem> problems) {
        List<String> hosts = matrix.hosts().stream().map(HostSpec::name).toList();
        List<String> images = matrix.images().stream().map(ImageSpec::name).toList();
        String matrixName = "matrix '" + matrix.name() + "'";
        for (NameRef ref : catalogRefs) {
            if (ref.isLiteral() && !(ref.kind() == NameRef.Kind.HOST ? hosts : images).contains(ref.pattern())) {
                problems.add(new Problem(ref.location(), unknownName(ref, ref.kind() == NameRef.Kind.HOST ? hosts : images, matrixName)));
            }
        }
        // Against the matrix's catalog, not the scenarios of this run: a run of a team's own folder on the lab matrix
        // loads none of the lab's excluded scenarios, and those exclusions then simply do not apply to it.
        if (catalogIds != null) {
            for (NameRef ref : parsedMatrix.scenarioRefs()) {
                if (ref.isLiteral() && !catalogIds.contains(ref.pattern())) {
                    problems.add(new Problem(ref.location(), unknownName(ref, catalogIds, catalogName, catalogNote)));
                }
            }
        }
        if (!scenarios.isEmpty() && scenarios.stream().noneMatch(matrix.scenarios()::selects)) {
            problems.add(new Problem(parsedMatrix.selectionLocation(), matrixName + " selects no scenario: its ids and tags"
                    + " match none of the " + scenarios.size() + " scenarios loaded"));
        }
    }

    static String unknownName(NameRef ref, List<String> names, String where) {
        return unknownName(ref, names, where, null);
    }

    static String unknownName(NameRef ref, List<String> names, String where, String note) {
        List<String> notes = new java.util.ArrayList<>();
        String hint = Suggestions.didYouMean(ref.pattern(), names);
        if (hint.isEmpty() && !names.isEmpty()) {
            notes.add("it has " + String.join(", ", names.subList(0, Math.min(10, names.size())))
                    + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : ""));
        }
        if (note != null && hint.isEmpty()) {
            // A near name says typo; no near name may say the wrong catalog.
            notes.add(note);
        }
        if (ref.kind() != NameRef.Kind.SCENARIO) {
            notes.add("a glob such as " + Problem.quote(ref.pattern() + "*") + " may match nothing, for names only other matrices have");
        }
        return ref.context() + " names " + ref.kind().word + " " + Problem.quote(ref.pattern()) + ", which " + where + " does not have"
                + hint + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
    }
}
