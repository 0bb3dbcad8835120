package io.crosshost.jupiter;

import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.Status;
import io.crosshost.runtime.CellCouldNotRun;
import io.crosshost.runtime.CellResults;
import io.crosshost.runtime.RunContext;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cell of a {@link CrosshostTest}: the invocation's name is the cell's ({@code id / image @ host}), a matrix
 * exclusion disables it with the matrix's reason, and around the method it makes the cell's container, runs the
 * method, removes the container (also when the method threw), and records the cell's result for the reports.
 */
final class CellInvocation implements TestTemplateInvocationContext {

    private final JavaRun run;
    private final PlannedCell planned;
    private final RunContext cellRun;

    CellInvocation(JavaRun run, PlannedCell planned, RunContext cellRun) {
        this.run = run;
        this.planned = planned;
        this.cellRun = cellRun;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
        return CellResults.label(planned.cell());
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
        return List.of(new Lifecycle(new CellContainer(run, planned, cellRun)));
    }

    private final class Lifecycle implements ParameterResolver, ExecutionCondition, InvocationInterceptor {

        private final CellContainer container;

        Lifecycle(CellContainer container) {
            this.container = container;
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (planned.skipReason().isEmpty()) {
                return ConditionEvaluationResult.enabled("a cell of the matrix");
            }
            run.cellFinished(CellResults.notRun(planned, Status.SKIP, planned.skipReason().get(), null));
            return ConditionEvaluationResult.disabled(planned.skipReason().get());
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == CellContainer.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return container;
        }

        @Override
        public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                                ExtensionContext context) throws Throwable {
            Instant startedAt = Instant.now();
            long t0 = System.nanoTime();
            Throwable failure = null;
            try {
                try {
                    container.start();
                } catch (CellCouldNotRun e) {
                    invocation.skip();
                    failure = new CellContainer.HostFailure(CellResults.label(planned.cell()), e.getMessage());
                }
                if (failure == null) {
                    try {
                        invocation.proceed();
                    } catch (Throwable t) {
                        failure = t;
                    }
                }
            } finally {
                container.remove();
            }
            CellOutcome outcome = CellOutcome.of(planned, failure, container.steps(), startedAt,
                    Duration.ofNanos(System.nanoTime() - t0), safeId(), container.imageDigest(), safeReproducer());
            run.cellFinished(outcome.result());
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("crosshost.cell", planned.id());
            entry.put("crosshost.status", outcome.result().status().name());
            entry.put("crosshost.tags", "host:" + planned.cell().host().name() + ",image:" + planned.cell().image().name());
            if (outcome.result().reproducer() != null) {
                entry.put("crosshost.reproducer", outcome.result().reproducer());
            }
            if (outcome.result().bug() != null) {
                entry.put("crosshost.bug", outcome.result().bug());
            }
            context.publishReportEntry(entry);
            if (outcome.thrown() != null) {
                throw outcome.thrown();
            }
        }

        private String safeId() {
            try {
                return container.containerId();
            } catch (IllegalStateException notMade) {
                return null;
            }
        }

        private String safeReproducer() {
            return container.reproducerOrNull();
        }
    }
}
