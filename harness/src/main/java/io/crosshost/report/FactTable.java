package io.crosshost.report;

import io.crosshost.report.RunDiff.FactChange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The facts a diff compares of one kind of thing (a host, an image on a host), by name, in the order it lists them;
 * and the one rule of every comparison: a value missing on one side (not probed, not reported) is not a change,
 * only two seen values that differ are.
 */
final class FactTable<T> {

    private final Map<String, Function<T, Object>> facts = new LinkedHashMap<>();

    /** This table and the fact {@code name}, read with {@code get}. */
    FactTable<T> with(String name, Function<T, Object> get) {
        facts.put(name, get);
        return this;
    }

    /** The facts of {@code subject} that differ between {@code was} and {@code now}, in the table's order. */
    List<FactChange> changes(String subject, T was, T now) {
        List<FactChange> changes = new ArrayList<>();
        facts.forEach((name, get) -> change(subject, name, get.apply(was), get.apply(now)).ifPresent(changes::add));
        return changes;
    }

    /** The change of one fact, if both values were seen and differ (compared as text, as the reports show them). */
    static Optional<FactChange> change(String subject, String fact, Object before, Object after) {
        if (before == null || after == null) {
            return Optional.empty();
        }
        String was = String.valueOf(before);
        String now = String.valueOf(after);
        return Objects.equals(was, now) ? Optional.empty() : Optional.of(new FactChange(subject, fact, was, now));
    }
}
