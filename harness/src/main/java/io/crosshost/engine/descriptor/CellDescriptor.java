package io.crosshost.engine.descriptor;

import io.crosshost.engine.CrosshostExecutionContext;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.runtime.CellResults;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One cell: a test. It does not run the container itself: the engine's scheduler runs every cell across all
 * hosts at once, and this node reports its cell's result in tree order when it is ready.
 *
 * <p>How statuses map onto JUnit: PASS, FLAKY and XFAIL succeed (with a report entry naming the status);
 * FAIL and XPASS fail with the message (AssertJ's for a FAIL); ERROR fails with a {@link CellError}, which
 * Surefire and the Jenkins JUnit plugin count as an error, not a failure; SKIP is skipped with its reason.
 */
public final class CellDescriptor extends AbstractTestDescriptor implements Node<CrosshostExecutionContext> {

    private final PlannedCell cell;

    public CellDescriptor(UniqueId id, PlannedCell cell) {
        // Surefire and Jenkins show a test by this name under one class, so it must name the whole cell.
        super(id, CellResults.label(cell.cell()));
        this.cell = cell;
    }

    public PlannedCell cell() {
        return cell;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public String getLegacyReportingName() {
        return getDisplayName();
    }

    @Override
    public Set<TestTag> getTags() {
        Set<TestTag> tags = new java.util.LinkedHashSet<>(ScenarioDescriptor.tags(cell.cell().scenario()));
        tags.add(TestTag.create("host:" + cell.cell().host().name()));
        tags.add(TestTag.create("image:" + cell.cell().image().name()));
        return tags;
    }

    @Override
    public SkipResult shouldBeSkipped(CrosshostExecutionContext context) {
        return cell.skipReason().map(SkipResult::skip).orElse(SkipResult.doNotSkip());
    }

    @Override
    public CrosshostExecutionContext execute(CrosshostExecutionContext context, DynamicTestExecutor dynamicTestExecutor) {
        CellResult result = context.runner().result(cell.id()).join();
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("crosshost.status", result.status().name());
        if (result.reproducer() != null) {
            entry.put("crosshost.reproducer", result.reproducer());
        }
        if (result.bug() != null) {
            entry.put("crosshost.bug", result.bug());
        }
        context.listener().reportingEntryPublished(this, ReportEntry.from(entry));
        switch (result.status()) {
            case PASS, FLAKY, XFAIL -> {
                return context;
            }
            case FAIL, XPASS -> throw new AssertionFailedError(result.status() + " " + CellResults.label(cell.cell()) + "\n" + result.message());
            case ERROR -> throw new CellError(CellResults.label(cell.cell()) + ": " + result.message());
            case SKIP -> throw new TestAbortedException(result.message());
        }
        return context;
    }

    /** The harness could not run the cell; its message is the engine's or the host's own. */
    public static final class CellError extends RuntimeException {
        CellError(String message) {
            super(message, null, false, false);
        }
    }
}
