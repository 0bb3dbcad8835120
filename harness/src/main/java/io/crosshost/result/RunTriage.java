package io.crosshost.result;

import java.util.List;

/**
 * The triage of a run's unexpected cells ({@code crosshost triage --all}, {@code run --triage}): each cell's verdict,
 * the causes the cells group into ("8 cells, one cause: faccessat2 denied with EPERM by docker-legacy"), and what it
 * all cost. Reports show it beside the grid; nothing here talks to a host.
 */
public record RunTriage(String runId, List<CellVerdict> cells, List<Cause> causes, int reruns, int probes, double seconds) {

    public RunTriage {
        cells = List.copyOf(cells);
        causes = List.copyOf(causes);
    }

    /**
     * One cell's verdict: the component it blames, one sentence, the culprits pinpointing named (syscall, capability,
     * package, each with its detail), and what to do, each line confirmed by a rerun or a suggestion.
     */
    public record CellVerdict(String cellId, String component, String summary, List<String> culprits, List<Action> actions,
                              int reruns, double seconds) {

        public CellVerdict {
            culprits = List.copyOf(culprits);
            actions = List.copyOf(actions);
        }
    }

    public record Action(String text, boolean confirmed) {
    }

    /** Cells that one cause explains, in the run's order. */
    public record Cause(String cause, List<String> cellIds) {

        public Cause {
            cellIds = List.copyOf(cellIds);
        }
    }
}
