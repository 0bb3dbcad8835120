package io.crosshost.jupiter;

import io.crosshost.matrix.CellPlanner;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.runtime.RunContext;
import io.crosshost.scenario.KnownFailure;
import io.crosshost.scenario.Scenario;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The provider behind {@link CrosshostTest}: the method's cells, planned by the engine's own {@link CellPlanner} from
 * the matrix and the {@code crosshost.*} filters, one invocation each ({@link CellInvocation}).
 */
final class CrosshostExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(CrosshostTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        JavaRun run = JavaRun.of(context);
        io.crosshost.matrix.Matrix matrix = run.matrix(matrixFile(method, context, run));
        Scenario scenario = JavaScenarios.of(method, context.getDisplayName(), context.getTags());
        CrosshostTest test = method.getAnnotation(CrosshostTest.class);
        List<PlannedCell> cells = CellPlanner.plan(matrix, List.of(scenario), run.configuration().filter()).stream()
                .filter(c -> KnownFailure.anyMatch(List.of(test.hosts()), c.cell().host().name())
                        && KnownFailure.anyMatch(List.of(test.images()), c.cell().image().name()))
                .toList();
        if (cells.isEmpty()) {
            return Stream.empty();
        }
        run.planned(matrix, cells.stream().map(PlannedCell::id).toList());
        RunContext cellRun = run.runFor(matrix);
        return cells.stream().map(cell -> new CellInvocation(run, cell, cellRun));
    }

    /** No cell is a quiet outcome: the filters (hosts, images, tags, shard) may leave a method none. */
    @Override
    public boolean mayReturnZeroTestTemplateInvocationContexts(ExtensionContext context) {
        return true;
    }

    private static Path matrixFile(Method method, ExtensionContext context, JavaRun run) {
        Optional<String> named = AnnotationSupport.findAnnotation(method, Matrix.class).map(Matrix::value)
                .or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestClass(), Matrix.class).map(Matrix::value))
                .or(() -> run.configuration().matrix().map(Path::toString));
        String file = named.orElseThrow(() -> new IllegalArgumentException(method.getDeclaringClass().getSimpleName() + "#"
                + method.getName() + " has no matrix: annotate it or its class with @Matrix(\"scenarios/matrices/lab.yaml\"), "
                + "or set the configuration parameter crosshost.matrix"));
        return locate(Path.of(file));
    }

    /** A relative path from the working directory, or from the nearest directory above it that has it. */
    static Path locate(Path file) {
        if (file.isAbsolute() || Files.exists(file)) {
            return file;
        }
        for (Path dir = Path.of("").toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(file))) {
                return dir.resolve(file);
            }
        }
        throw new IllegalArgumentException("no matrix file " + file + " in " + Path.of("").toAbsolutePath()
                + " or any directory above it; give a path that exists");
    }
}
