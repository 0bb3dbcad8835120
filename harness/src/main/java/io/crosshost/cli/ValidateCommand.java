package io.crosshost.cli;

import io.crosshost.matrix.CellPlanner;
import io.crosshost.definitions.LoadedDefinitions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code crosshost validate}: checks the scenario and matrix files, reporting every problem with file:line:column. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check scenario and matrix files; every problem is printed as file:line:column: message.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    MatrixOptions options;

    @Override
    public Integer call() {
        LoadedDefinitions loaded = options.load();
        int cells = CellPlanner.plan(loaded.matrix(), loaded.scenarios(), options.filter()).size();
        System.out.printf("ok: %d scenarios; matrix %s: %d hosts, %d images; %d cells%n", loaded.scenarios().size(),
                loaded.matrix().name(), loaded.matrix().hosts().size(), loaded.matrix().images().size(), cells);
        return ExitCodes.OK;
    }
}
