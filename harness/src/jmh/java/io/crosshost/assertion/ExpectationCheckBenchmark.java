package io.crosshost.assertion;

import io.crosshost.bench.SyntheticGrid;
import io.crosshost.scenario.Expectations;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The expectation check of one cell on typical output: exit code, two contains, a regular expression and two
 * not_contains. A passing cell is the common case; a failing one pays for AssertJ's message.
 * (Not final: JMH generates a subclass of every benchmark class.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExpectationCheckBenchmark {

    private final Expectations expect = SyntheticGrid.typicalExpect(7);
    private final Observed passing = new Observed(0, false, "2m", SyntheticGrid.OUTPUT, "", Map.of());
    private final Observed failing = new Observed(1, false, "2m", SyntheticGrid.OUTPUT.replace("uid=0(root)", "uid=1000(fred)"),
            "error 7", Map.of());

    @Benchmark
    public List<String> passingCell() {
        return ExpectationCheck.failures("synth-007 on image-01 @ synth-01", expect, passing);
    }

    @Benchmark
    public List<String> failingCell() {
        return ExpectationCheck.failures("synth-007 on image-01 @ synth-01", expect, failing);
    }
}
