package org.ialam.driver.cli;

import org.ialam.driver.data.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: {@code ialam train …} (also the main class for {@code spark-submit}).
 *
 * <p>Exit codes: 0 success, 2 bad input or usage (one line on stderr naming what and where), 3 numerical failure
 * (a NaN or infinite iterate; one line naming the iteration), 1 any other failure.
 */
@Command(name = "ialam", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train group-sparse leaky-ReLU networks by the inexact augmented Lagrangian method on Spark.",
        subcommands = {TrainCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static final int EXIT_BAD_INPUT = 2;
    /** Training diverged (NaN or infinity in an iterate). */
    public static final int EXIT_NUMERICAL_FAILURE = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code; never calls System.exit. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** The same with the console streams given (for tests). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        // a later option overrides an earlier one, so that `@conf/preset.args --lambda-w X` changes one setting
        CommandLine cmd = new CommandLine(new Main()).setOut(out).setErr(err).setOverwrittenOptionsAllowed(true);
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidInputException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (e instanceof org.ialam.driver.train.NumericalFailureException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return EXIT_NUMERICAL_FAILURE;
            }
            commandLine.getErr().println("error: " + e);
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        cmd.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage()
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return EXIT_BAD_INPUT;
        });
        return cmd.execute(args);
    }

    /** The Maven project version, from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ialam " + codeVersion()};
        }
    }

    static String codeVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
