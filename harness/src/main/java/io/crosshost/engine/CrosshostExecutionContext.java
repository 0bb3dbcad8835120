package io.crosshost.engine;

import io.crosshost.runtime.MatrixRunner;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/** What the tree's nodes share while a run executes: the scheduler that runs the cells, and JUnit's listener. */
public record CrosshostExecutionContext(EngineExecutionListener listener, MatrixRunner runner)
        implements EngineExecutionContext {

    CrosshostExecutionContext withRunner(MatrixRunner runner) {
        return new CrosshostExecutionContext(listener, runner);
    }
}
