package io.crosshost.runtime;

import io.crosshost.container.CliTarget;
import io.crosshost.container.CliWords;
import io.crosshost.container.ContainerSpec;
import io.crosshost.matrix.Cell;

/**
 * The one line that re-runs a cell by hand: its {@link ContainerSpec} rendered as {@code docker run} or
 * {@code podman --remote run} words, with the values of secret env masked, word by word before quoting, so that a
 * secret written into the command itself is masked too, whatever quoting does to it.
 */
public final class Reproducer {

    private Reproducer() {
    }

    /** The reproducer of a cell of this run. */
    public static String of(Cell cell, RunContext run, CliTarget target) {
        return of(run.specOf(cell), target);
    }

    public static String of(ContainerSpec spec, CliTarget target) {
        ContainerSpec masked = spec.with(b -> b.secretEnv.forEach(name -> b.env.computeIfPresent(name, (k, v) -> SecretMask.MASK)));
        return CliWords.line(masked, target, SecretMask.of(spec)::apply);
    }
}
