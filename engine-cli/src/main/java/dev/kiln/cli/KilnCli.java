package dev.kiln.cli;

import picocli.CommandLine;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Assembles the {@code kiln} command line: the command tree, the error handler that maps
 * exceptions to exit codes, and the output streams. Tests use {@link #create(Style)} and
 * redirect {@link CommandLine#setOut}/{@link CommandLine#setErr} to run commands in-process.
 *
 * <p>{@link #run} builds only the invoked subcommand's model when the command line names one
 * plainly ({@link CommandDispatch}); picocli's model of all 27 commands took about half of a
 * short command's cold process. Help, version, errors before the subcommand and anything
 * unusual get the whole tree, so they print exactly what they always did.
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
        return create(style, KilnCommand.SUBCOMMANDS.values());
    }

    /**
     * A ready-to-execute command line for {@code args}: the root with only the subcommand they
     * invoke, when {@link CommandDispatch#invoked} can tell it for sure; else the whole tree, as
     * {@link #create(Style)}. Executing {@code args} on either gives the same result.
     *
     * @param style whether to use colour
     * @param args  the arguments it is made for
     * @return the command line
     */
    public static CommandLine create(Style style, String... args) {
        Class<?> only = CommandDispatch.invoked(args);
        return only == null ? create(style) : create(style, List.of(only));
    }

    private static CommandLine create(Style style, Collection<Class<?>> subcommands) {
        KilnCommand root = new KilnCommand(style);
        CommandLine cli = new CommandLine(root);
        Set<Class<?>> added = new HashSet<>();
        for (Class<?> subcommand : subcommands) {
            if (added.add(subcommand)) { // an alias names a class already added
                cli.addSubcommand(subcommand);
            }
        }
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
        CommandLine cli = create(style, args);
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }
}
