package dev.kiln.cli;

import picocli.CommandLine;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Assembles the {@code kiln} command line: the command tree, the error handler that maps
 * exceptions to exit codes, and the output streams. Tests use {@link #create(Style)} and
 * redirect {@link CommandLine#setOut}/{@link CommandLine#setErr} to run commands in-process.
 */
public final class KilnCli {

    private KilnCli() {
    }

    /**
     * A ready-to-execute command line writing to the process's stdout and stderr.
     *
     * @param style whether to use colour
     * @return the command line
     */
    public static CommandLine create(Style style) {
        KilnCommand root = new KilnCommand(style);
        CommandLine cli = new CommandLine(root);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(
                style.enabled() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cli.setOut(new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), false));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler(new ErrorHandler(root));
        cli.setParameterExceptionHandler(new UsageErrorHandler(style));
        return cli;
    }

    /**
     * Runs one command line and flushes its output.
     *
     * @param style whether to use colour
     * @param args  the arguments
     * @return the exit code
     */
    public static int run(Style style, String... args) {
        CommandLine cli = create(style);
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }
}
