package io.crosshost.container;

import io.crosshost.matrix.Cell;
import io.crosshost.matrix.Defaults;
import io.crosshost.scenario.Command;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Step;

import java.util.List;
import java.util.Map;

/** Decides a cell's {@link ContainerSpec} from its scenario's options, the matrix's defaults and the run's labels. */
public final class CellContainerSpecs {

    /**
     * No engine log: the harness attaches and caps the output itself. A json-file log would keep all of it (2 GiB
     * of zeros from a runaway scenario is 12 GiB of JSON escapes on the host's disk) and slow the container to the
     * log driver's pace; the log driver none works on Docker and Podman alike, and {@code docker run} and
     * {@code podman run} still show an attached container's output with it (checked on the lab's hosts).
     */
    public static final String LOG_DRIVER = "none";

    /** The command of a container that is created and never started (a step that runs nothing). */
    public static final List<String> NOT_STARTED = List.of("true");

    private CellContainerSpecs() {
    }

    /** The spec of a cell's container, labelled with {@code labels} (the run's, the cell's, the owner's). */
    public static ContainerSpec of(Cell cell, Defaults defaults, Map<String, String> labels) {
        RunOptions o = cell.scenario().options();
        long memory = o.memoryBytes() != null ? o.memoryBytes() : defaults.memoryBytes();
        String network = o.network() != null ? o.network() : defaults.network();
        boolean disabled = Defaults.NETWORK_DISABLED.equals(network);
        return new ContainerSpec(cell.image().reference(), command(cell.scenario().steps()), o.user(), o.workdir(),
                o.env(), o.secretEnv(),
                // 'disabled' still asks for mode none: an engine that ignores NetworkDisabled (Podman gives such a
                // container its bridge network) then keeps the container off the network all the same.
                disabled ? Defaults.NETWORK_NONE : network, disabled,
                o.readOnly(), o.privileged(), memory,
                // Swap as large as the memory (the engines' default) would let a memory eater thrash the host's swap.
                memory,
                o.pidsLimit() != null ? o.pidsLimit() : defaults.pidsLimit(),
                o.capAdd(), o.capDrop(), o.securityOpt(), Map.of(), List.of(), LOG_DRIVER, labels,
                // The host's column may name a runtime other than the engine's default (one engine, two columns).
                cell.host().runtime(), null, o.entrypoint());
    }

    /**
     * The main process as a person reruns the cell: a one-step cell's own command; for several steps, which share one
     * container, one shell running them in order.
     */
    static List<String> command(List<Step> steps) {
        if (steps.size() == 1 && steps.get(0).command().isNone()) {
            // Never started; an engine refuses to create a container without any command (an image without CMD).
            return NOT_STARTED;
        }
        if (steps.size() == 1) {
            return steps.get(0).command().toArgv();
        }
        return List.of("sh", "-c", String.join(" ; ", steps.stream().map(s -> shellText(s.command())).toList()));
    }

    private static String shellText(Command command) {
        return command.shell() != null ? command.shell() : ShellQuote.join(command.argv());
    }
}
