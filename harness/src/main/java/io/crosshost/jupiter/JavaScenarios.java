package io.crosshost.jupiter;

import io.crosshost.scenario.Command;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.Isolation;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Scenario;
import io.crosshost.scenario.SourceLocation;
import io.crosshost.scenario.Step;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@link CrosshostTest} method as the model's {@link Scenario}, so that the matrix plans its cells exactly as it
 * plans a YAML scenario's (the same filters, exclusions and known failures, {@code matrix.CellPlanner}) and its
 * containers get the spec a YAML cell gets ({@code container.CellContainerSpecs}): default run options, no
 * expectation of its own (the method's assertions are), and one step that names the method.
 */
final class JavaScenarios {

    /** What scenario.schema.json allows a scenario id, so a Java cell's id is as safe in every report as a YAML one's. */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("^[a-z0-9][a-z0-9._-]*$");

    private JavaScenarios() {
    }

    static Scenario of(Method method, String displayName, Set<String> tags) {
        CrosshostTest test = method.getAnnotation(CrosshostTest.class);
        String id = test != null && !test.id().isBlank() ? test.id() : defaultId(method);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(method.getDeclaringClass().getName() + "#" + method.getName() + ": the id '" + id
                    + "' is not a scenario id (lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, as"
                    + " scenario ids are); give @CrosshostTest(id = \"...\") one such as my-check");
        }
        String title = test != null && !test.title().isBlank() ? test.title() : displayName;
        String where = method.getDeclaringClass().getName() + "#" + method.getName();
        SourceLocation source = SourceLocation.of(Path.of(method.getDeclaringClass().getName().replace('.', '/') + ".java"));
        List<io.crosshost.scenario.KnownFailure> known = Arrays.stream(method.getAnnotationsByType(KnownFailure.class))
                .map(k -> new io.crosshost.scenario.KnownFailure(List.of(k.hosts()), List.of(k.images()), k.reason(),
                        k.bug().isBlank() ? null : k.bug(), source))
                .toList();
        Step step = new Step(where, Command.argv(List.of(where)), Expectations.DEFAULT, source);
        return new Scenario(id, title, "Java test " + where, tags,
                known.stream().map(io.crosshost.scenario.KnownFailure::bug).filter(b -> b != null).distinct().toList(),
                List.of(step), RunOptions.DEFAULT, 0, Isolation.FRESH, known, source);
    }

    /** {@code ProcessCapabilitiesExample#effectiveSet} gives {@code process-capabilities-example.effective-set}. */
    static String defaultId(Method method) {
        return kebab(method.getDeclaringClass().getSimpleName()) + "." + kebab(method.getName());
    }

    private static String kebab(String camel) {
        // "OfAStarted" and "HTTPServer" split before the capital that starts a word: of-a-started, http-server.
        return camel.replaceAll("([A-Z]+)([A-Z][a-z])", "$1-$2").replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("[^A-Za-z0-9._-]", "-").toLowerCase(Locale.ROOT);
    }
}
