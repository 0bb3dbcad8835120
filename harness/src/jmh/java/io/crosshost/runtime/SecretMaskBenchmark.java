package io.crosshost.runtime;

import io.crosshost.bench.SyntheticGrid;
import io.crosshost.result.CapturedOutput;
import io.crosshost.result.CellResult;
import io.crosshost.result.StepResult;
import io.crosshost.scenario.RunOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Secret masking, paid by every cell: the finished result is masked as a whole (twice: by the executor and when
 * the runner hands it to the listeners), and the output is masked as its frames arrive. Without secrets (most
 * scenarios) both should cost next to nothing; with two secrets, what the scan costs on 4 KiB of output.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SecretMaskBenchmark {

    private static final String TOKEN = "tok-3f9a1c77e2b04d5f";
    private static final String PASSWORD = "hunter2-but-longer";

    private final RunOptions noSecret = RunOptions.DEFAULT;
    private final RunOptions twoSecrets = new RunOptions(null, null, Map.of("TOKEN", TOKEN, "PASSWORD", PASSWORD, "PLAIN", "x"),
            Set.of("TOKEN", "PASSWORD"), null, "none", List.of(), List.of(), List.of(), false, false, null, null);
    private final CellResult result = withSecretInOutput(SyntheticGrid.cell(7, 1, 1, 7));
    /** 4 KiB of output in four 1 KiB frames, one secret in the middle of the third, as an attach delivers it. */
    private final byte[][] frames = frames();

    private static CellResult withSecretInOutput(CellResult r) {
        StepResult s = r.steps().get(0);
        StepResult leaking = new StepResult(s.name(), s.command(), s.exitCode(), new CapturedOutput(s.stdout().text() + "token=" + TOKEN + "\n", 0),
                s.stderr(), s.duration(), s.timedOut(), s.failure());
        return new CellResult(r.cellId(), r.scenario(), r.image(), r.host(), r.status(), r.message(), List.of(leaking), r.startedAt(),
                r.duration(), r.attempts(), r.containerId(), r.imageDigest(), r.reproducer(), r.knownFailure(), r.bug(), r.tags());
    }

    private static byte[][] frames() {
        byte[][] f = new byte[4][];
        for (int i = 0; i < 4; i++) {
            StringBuilder s = new StringBuilder();
            while (s.length() < 1024) {
                s.append(i == 2 && s.length() > 500 && s.indexOf(TOKEN) < 0 ? TOKEN : "line of ordinary output\n");
            }
            f[i] = s.toString().getBytes(StandardCharsets.UTF_8);
        }
        return f;
    }

    @Benchmark
    public CellResult maskResultNoSecret() {
        return SecretMask.of(noSecret).apply(result);
    }

    @Benchmark
    public CellResult maskResultTwoSecrets() {
        return SecretMask.of(twoSecrets).apply(result);
    }

    @Benchmark
    public CapturedOutput captureOutputNoSecret() {
        return capture(SecretMask.of(noSecret));
    }

    @Benchmark
    public CapturedOutput captureOutputTwoSecrets() {
        return capture(SecretMask.of(twoSecrets));
    }

    private CapturedOutput capture(SecretMask mask) {
        CappedOutput out = new CappedOutput(1024 * 1024, mask);
        for (byte[] frame : frames) {
            out.append(frame);
        }
        return out.toCaptured();
    }
}
