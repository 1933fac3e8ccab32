package dev.kiln.cli;

import dev.kiln.Kiln;
import dev.kiln.KilnListener;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.ServiceConfigurationError;
import java.util.concurrent.Callable;

/**
 * Base of every {@code kiln} subcommand: gives access to the global options and the
 * terminal, and loads the project. A subcommand implements {@link #execute(Terminal)} and
 * returns an exit code; it throws {@link dev.kiln.KilnException} for failures, which
 * {@link ErrorHandler} turns into a message and an exit code.
 */
public abstract class KilnSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Runs the command and flushes its output. */
    @Override
    public final Integer call() throws Exception {
        Terminal terminal = terminal();
        try {
            return execute(terminal);
        } catch (ServiceConfigurationError | LinkageError | StackOverflowError e) {
            // errors picocli would let escape with a raw stack trace: report them as internal errors
            throw new InternalFailure(e);
        } finally {
            terminal.out().flush();
        }
    }

    /**
     * Does the command's work.
     *
     * @param terminal where to write
     * @return the exit code
     * @throws Exception anything; {@link dev.kiln.KilnException} is reported as a user error
     */
    protected abstract int execute(Terminal terminal) throws Exception;

    /** The root command (whatever the nesting depth of this one). */
    protected final KilnCommand root() {
        return (KilnCommand) spec.root().userObject();
    }

    /** The global options. */
    protected final KilnOptions options() {
        return root().options();
    }

    /** This command's terminal. */
    protected final Terminal terminal() {
        return root().terminal(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Loads the project with the global options; warnings go to {@code terminal}.
     *
     * @param terminal where progress is shown
     * @return the loaded Kiln, to close after use
     */
    protected final Kiln load(Terminal terminal) {
        return load(new CliListener(terminal, options().debug()));
    }

    /**
     * Loads the project with the global options and a listener of the command's own.
     *
     * @param listener receives warnings and progress
     * @return the loaded Kiln, to close after use
     */
    protected final Kiln load(KilnListener listener) {
        return options().builder(listener).load();
    }
}
