package io.crosshost.runtime;

import io.crosshost.assertion.ExpectationCheck;
import io.crosshost.assertion.ImageConfig;
import io.crosshost.container.CliTarget;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import io.crosshost.result.StepResult;
import io.crosshost.scenario.KnownFailure;
import io.crosshost.scenario.Step;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns attempts into a cell's result: retries for flaky scenarios, the expectation check, and the known
 * failures that make a failure expected (XFAIL) or a pass news (XPASS).
 */
public final class CellExecutor {

    private final ContainerCellRunner runner;
    private final CliTarget target;
    private final int defaultRetries;
    private final HostWatch watch;

    public CellExecutor(ContainerCellRunner runner, CliTarget target, int defaultRetries) {
        this(runner, target, defaultRetries, null);
    }

    /** {@code watch}: when not null, a cell the host could not run asks it whether it still answers. */
    CellExecutor(ContainerCellRunner runner, CliTarget target, int defaultRetries, HostWatch watch) {
        this.runner = runner;
        this.target = target;
        this.defaultRetries = defaultRetries;
        this.watch = watch;
    }

    /**
     * The cell's result, with the values of its secret env masked in every string of it: whatever the scenario
     * printed, wrote into its expectations or its command, no report, journal or log gets them.
     */
    public CellResult execute(PlannedCell planned, String imageDigest) throws InterruptedException {
        return execute(planned, imageDigest, null);
    }

    /** The same, for a cell whose image its host prepared for the run: the digest and configuration are the image's. */
    CellResult execute(PlannedCell planned, PreparedImage image) throws InterruptedException {
        return execute(planned, image.facts().digest(), image.config());
    }

    private CellResult execute(PlannedCell planned, String imageDigest, ImageConfig imageConfig) throws InterruptedException {
        return SecretMask.of(planned.cell().scenario().options()).apply(run(planned, imageDigest, imageConfig));
    }

    private CellResult run(PlannedCell planned, String imageDigest, ImageConfig imageConfig) throws InterruptedException {
        Cell cell = planned.cell();
        String reproducer = Reproducer.of(runner.specOf(cell), target);
        if (planned.skipReason().isPresent()) {
            return CellResults.notRun(planned, Status.SKIP, planned.skipReason().get(), reproducer);
        }
        int retries = cell.scenario().retries() > 0 ? cell.scenario().retries() : defaultRetries;
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        List<StepResult> steps = List.of();
        List<String> failures = List.of();
        String containerId = null;
        // A container created ahead (while another cell ran) counts in this cell's duration, as if created now.
        Duration preparedAhead = Duration.ZERO;
        int attempts = 0;
        while (attempts <= retries) {
            attempts++;
            Attempt attempt;
            try {
                attempt = runner.run(cell, imageConfig);
            } catch (CellCouldNotRun e) {
                String message = e.getMessage();
                if (watch != null) {
                    message = watch.afterFailure(e.failedAt(), e.engineMessage()).orElse(message);
                }
                return CellResults.couldNotRun(planned, message, startedAt, Duration.ofNanos(System.nanoTime() - t0),
                        attempts, imageDigest, reproducer);
            }
            containerId = attempt.containerId();
            if (attempts == 1) {
                preparedAhead = attempt.preparedAhead();
            }
            steps = new ArrayList<>();
            failures = new ArrayList<>();
            check(cell, attempt, steps, failures);
            if (failures.isEmpty()) {
                break;
            }
        }
        Status status = failures.isEmpty() ? (attempts > 1 ? Status.FLAKY : Status.PASS) : Status.FAIL;
        String message = String.join("\n\n", failures);
        if (status == Status.FLAKY) {
            message = "passed on attempt " + attempts + " of " + (retries + 1);
        }
        Optional<KnownFailure> known = planned.knownFailure();
        if (known.isPresent()) {
            KnownFailure k = known.get();
            if (k.kind() == KnownFailure.Kind.IMAGE_UNUSABLE) {
                // The cell got its container, so the image was usable: a pass is news, a failure is a failure of its own.
                if (status != Status.FAIL) {
                    status = Status.XPASS;
                    message = "expected the image not to be usable here (" + k.reason() + (k.bug() != null ? ", " + k.bug() : "")
                            + ") but the cell ran and passed: remove the known failure when the host can use the image";
                }
            } else if (status == Status.FAIL) {
                status = Status.XFAIL;
                message = "known failure: " + k.reason() + (k.bug() != null ? " (" + k.bug() + ")" : "") + "\n\n" + message;
            } else {
                status = Status.XPASS;
                message = "expected to fail (" + k.reason() + (k.bug() != null ? ", " + k.bug() : "")
                        + ") but passed: the bug may be fixed here; remove the known failure when it is";
            }
        }
        return new CellResult(cell.id(), cell.scenario().id(), cell.image().name(), cell.host().name(), status, message,
                steps, startedAt.minus(preparedAhead), Duration.ofNanos(System.nanoTime() - t0).plus(preparedAhead), attempts,
                containerId, imageDigest, reproducer,
                known.map(KnownFailure::reason).orElse(null), known.map(KnownFailure::bug).orElse(null),
                List.copyOf(cell.scenario().tags()));
    }

    private static void check(Cell cell, Attempt attempt, List<StepResult> steps, List<String> failures) {
        List<Step> planned = cell.scenario().steps();
        String label = CellResults.label(cell);
        for (int i = 0; i < planned.size(); i++) {
            Step step = planned.get(i);
            // A one-step scenario's step is "main"; an imported test's one step has the test's own name, which says more.
            String stepLabel = planned.size() == 1 ? (step.name().equals("main") ? label : label + ": " + step.name())
                    : label + ": step '" + step.name() + "'";
            if (i >= attempt.steps().size()) {
                failures.add("[" + stepLabel + "] not run: an earlier step timed out");
                continue;
            }
            StepOutcome outcome = attempt.steps().get(i);
            List<String> stepFailures = new ArrayList<>(ExpectationCheck.failures(stepLabel, step.expect(), outcome.observed()));
            if (!stepFailures.isEmpty() && outcome.note() != null) {
                if (outcome.observed().timedOut()) {
                    stepFailures.set(0, stepFailures.get(0) + " (" + outcome.note() + ")");
                } else {
                    // First, so that the one-line summaries (progress, grid, lists) say why the process died.
                    stepFailures.add(0, "[" + stepLabel + "] " + outcome.note());
                }
            }
            StepResult r = outcome.result();
            steps.add(new StepResult(r.name(), r.command(), r.exitCode(), r.stdout(), r.stderr(), r.duration(), r.timedOut(),
                    stepFailures.isEmpty() ? null : String.join("\n\n", stepFailures)));
            failures.addAll(stepFailures);
        }
    }
}
