package io.crosshost.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crosshost}: runs scenarios on every image on every host of a matrix and writes the grid's reports.
 * Exit codes: 0 no unexpected result, 1 unexpected failures or errors (FAIL, ERROR, XPASS), 2 bad input or a
 * harness error.
 */
@Command(name = "crosshost", mixinStandardHelpOptions = true, version = "crosshost 0.1.0",
        description = "Cross-host regression tests for container images: every scenario on every image on every host.",
        footer = {"", "Exit codes: 0 no unexpected result; 1 unexpected FAIL, ERROR or XPASS; 2 bad input or harness error."},
        subcommands = {RunCommand.class, ListCommand.class, HostsCommand.class, ValidateCommand.class, DiffCommand.class,
                MergeCommand.class, GateCommand.class, ReproCommand.class, TriageCommand.class, CommandLine.HelpCommand.class})
public final class CrosshostCommand implements Runnable {

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which verb: run, list, validate, ... (see --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command and returns its exit code; used by main and by the tests. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new CrosshostCommand());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            boolean debug = parsed.matchedOption("--debug") != null
                    || (parsed.subcommand() != null && parsed.subcommand().matchedOption("--debug") != null);
            if (e instanceof UserError) {
                // Every line its own "crosshost:" line: one per problem of a load, so that grep and CI logs keep each.
                e.getMessage().lines().forEach(l -> line.getErr().println("crosshost: " + l));
            } else {
                line.getErr().println("crosshost: internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            }
            if (debug) {
                e.printStackTrace(line.getErr());
            }
            return ExitCodes.BAD_INPUT;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            e.getCommandLine().getErr().println("crosshost: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.BAD_INPUT;
        });
        try {
            // The JVM options the engine reads later, checked before anything runs.
            CliSettings.check();
        } catch (IllegalArgumentException e) {
            cli.getErr().println("crosshost: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        return cli.execute(args);
    }
}
