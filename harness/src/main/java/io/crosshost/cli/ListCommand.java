package io.crosshost.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.crosshost.container.CellContainerSpecs;
import io.crosshost.matrix.CellPlanner;
import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.matrix.PlannedCell;
import io.crosshost.definitions.LoadedDefinitions;
import io.crosshost.scenario.KnownFailure;
import io.crosshost.scenario.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code crosshost list}: the cells a run would have, without contacting any host. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the cells a run would have (scenario/image@host), with skips and known failures; runs nothing.")
final class ListCommand implements Callable<Integer> {

    @Mixin
    MatrixOptions options;

    @Option(names = "--json", description = "Print one JSON document instead: the planned cells in plan order, each with "
            + "its image, host (endpoint as the matrix writes it, concurrency), the container's command, its steps' "
            + "exit codes and stdout 'contains' texts, skip reason and known failure (for scripts such as harness/bench).")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        LoadedDefinitions loaded = options.load();
        List<PlannedCell> cells = CellPlanner.plan(loaded.matrix(), loaded.scenarios(), options.filter());
        if (json) {
            Listing listing = new Listing(loaded.matrix().name(),
                    cells.stream().map(c -> CellJson.of(c, loaded.matrix().defaults())).toList());
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(listing));
            return ExitCodes.OK;
        }
        for (PlannedCell cell : cells) {
            String note = cell.skipReason().map(r -> "  SKIP: " + r)
                    .or(() -> cell.knownFailure().map(k -> "  known failure: " + k.reason()))
                    .orElse("");
            System.out.println(cell.id() + note);
        }
        System.out.println(cells.size() + " cells");
        return ExitCodes.OK;
    }

    /** The JSON document of {@code list --json}; its field names are what scripts read, so keep them. */
    record Listing(String matrix, List<CellJson> cells) {
    }

    /** {@code command}: the container's main process as the cell runs it (one shell for several steps). */
    record CellJson(String id, String scenario, ImageJson image, HostJson host, List<String> command, List<StepJson> steps,
                    String skipReason, KnownFailureJson knownFailure) {

        static CellJson of(PlannedCell planned, Defaults defaults) {
            var cell = planned.cell();
            return new CellJson(planned.id(), cell.scenario().id(), ImageJson.of(cell.image()), HostJson.of(cell.host()),
                    CellContainerSpecs.of(cell, defaults, Map.of()).command(),
                    cell.scenario().steps().stream().map(StepJson::of).toList(),
                    planned.skipReason().orElse(null), planned.knownFailure().map(KnownFailureJson::of).orElse(null));
        }
    }

    record ImageJson(String name, String reference, String platform, String pull) {

        static ImageJson of(ImageSpec i) {
            return new ImageJson(i.name(), i.reference(), i.platform(), i.pull().name().toLowerCase(Locale.ROOT));
        }
    }

    record HostJson(String name, String endpoint, int concurrency) {

        static HostJson of(HostSpec h) {
            return new HostJson(h.name(), h.endpoint().uri(), h.concurrency());
        }
    }

    /** {@code shell} is the step's shell string (null for an argv step); {@code argv} what runs either way. */
    record StepJson(String name, String shell, List<String> argv, List<Integer> exitCodes, List<String> stdoutContains) {

        static StepJson of(Step s) {
            return new StepJson(s.name(), s.command().shell(), s.command().toArgv(),
                    s.expect().exitCodes().stream().sorted().toList(), s.expect().stdout().contains());
        }
    }

    record KnownFailureJson(String reason, String bug) {

        static KnownFailureJson of(KnownFailure k) {
            return new KnownFailureJson(k.reason(), k.bug());
        }
    }
}
