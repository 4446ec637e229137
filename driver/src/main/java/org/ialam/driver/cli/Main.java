package org.ialam.driver.cli;

import org.ialam.driver.data.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: {@code ialam train …} (also the main class for {@code spark-submit}).
 *
 * <p>Exit codes: 0 success, 2 bad input or usage (one line on stderr naming what and where), 3 numerical failure
 * (a NaN or infinite iterate; one line naming the iteration), 1 any other failure. A run stopped by a signal
 * (SIGTERM, Ctrl-C) ends with the signal's status (143, 130) and one line saying so.
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
            if (jvmShuttingDown()) {
                // Spark's shutdown hook stopped the context under the running job, which then fails with "cancelled
                // because SparkContext was shut down": the cause is the signal, which the notice hook below reports
                return 1;
            }
            if (e instanceof InvalidInputException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (e instanceof org.ialam.driver.train.NumericalFailureException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return EXIT_NUMERICAL_FAILURE;
            }
            if (e instanceof java.io.UncheckedIOException || e instanceof java.io.IOException) {
                // a file system refused (full, permissions, gone): its message names the path and the reason
                commandLine.getErr().println("error: " + e.getMessage());
                return 1;
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
        // printed by a shutdown hook, because the JVM may halt before the failing job reaches the handler above
        Thread signalNotice = new Thread(() -> err.println("error: stopped by a signal; the output directory"
                + " appears only when a run completes (a run with --checkpoint-dir DIR continues with --resume DIR)"),
                "ialam-signal-notice");
        Runtime.getRuntime().addShutdownHook(signalNotice);
        try {
            return cmd.execute(args);
        } finally {
            if (!jvmShuttingDown()) {
                Runtime.getRuntime().removeShutdownHook(signalNotice);
            }
        }
    }

    /** True once the JVM has begun to shut down (a signal, or System.exit on another thread). */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);   // refused with IllegalStateException during shutdown
        } catch (IllegalStateException e) {
            return true;
        }
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
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
