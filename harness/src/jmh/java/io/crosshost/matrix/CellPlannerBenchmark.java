package io.crosshost.matrix;

import io.crosshost.bench.SyntheticGrid;
import io.crosshost.scenario.Scenario;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Planning 10,000 cells (10 hosts x 20 images x 50 scenarios, two glob exclusions, known failures on 5 scenarios). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CellPlannerBenchmark {

    private final Matrix matrix = SyntheticGrid.matrix();
    private final List<Scenario> scenarios = SyntheticGrid.scenarios();
    private final CellFilter sharded = new CellFilter(java.util.Set.of(), java.util.Set.of(), java.util.Set.of(), java.util.Set.of(),
            new Shard(2, 4));

    @Benchmark
    public List<PlannedCell> plan10000() {
        return CellPlanner.plan(matrix, scenarios, CellFilter.ALL);
    }

    /** A CI shard: the whole plan, then sorted ids to deal the cells out. */
    @Benchmark
    public List<PlannedCell> plan10000Shard2of4() {
        return CellPlanner.plan(matrix, scenarios, sharded);
    }
}
