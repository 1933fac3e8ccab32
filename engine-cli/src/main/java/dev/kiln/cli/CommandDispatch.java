package dev.kiln.cli;

import picocli.CommandLine.HelpCommand;

import java.util.Set;

/**
 * Which subcommand a command line invokes, told from its words before picocli parses them, so
 * that {@link KilnCli} builds the model of that one command instead of all of them.
 *
 * <p>It answers only when the answer is certain: the words before the command are global
 * options ({@link KilnOptions}) written plainly, each option that takes a value followed by a
 * value that is neither an option nor a command name, and the first other word is a command
 * name or alias. Anything else ({@code --help}, {@code --version}, {@code help}, no command, an
 * unknown word or option, {@code --}, an {@code @file} argument) answers {@code null}, and the
 * whole tree is built, so that help, suggestions and errors read exactly as they always did.
 * With only the invoked command in the tree, picocli parses such a line exactly as with all of
 * them: the words before the command are the root's options either way, and the words after it
 * belong to that command's own tree. {@code CommandDispatchTest} checks {@link #VALUED} and
 * {@link #FLAGS} against the root's picocli model.
 */
final class CommandDispatch {

    /** The global options that take one value ({@code --target dev}, {@code --target=dev}, {@code -tdev}). */
    static final Set<String> VALUED = dev.kiln.cli.daemon.DaemonPolicy.VALUED;

    /** The global options that take no value. */
    static final Set<String> FLAGS = Set.of("--defer", "--favor-state", "--strict", "--no-partial-parse",
            "--warn-error", "--daemon", "--no-daemon", "--debug");

    private CommandDispatch() {
    }

    /**
     * The class of the subcommand {@code args} invoke, or {@code null} when that is not certain
     * or the line is for help (then the whole command tree is needed).
     *
     * @param args the command line, without the program name
     * @return the subcommand's class, or {@code null}
     */
    static Class<?> invoked(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("-")) {
                if (FLAGS.contains(arg)) {
                    continue;
                }
                if (VALUED.contains(arg)) {
                    i++;
                    if (i >= args.length || !plainValue(args[i])) {
                        return null;
                    }
                    continue;
                }
                if (attachedValue(arg)) {
                    continue;
                }
                return null; // --help, --version, an unknown option, "--", a flag with "=value"
            }
            Class<?> command = KilnCommand.SUBCOMMANDS.get(arg);
            return command == null || command == HelpCommand.class ? null : command;
        }
        return null;
    }

    /** {@code --name=value} of a global option with a value, or {@code -tNAME} / {@code -t=NAME}. */
    private static boolean attachedValue(String arg) {
        int eq = arg.indexOf('=');
        if (arg.startsWith("--")) {
            return eq > 0 && VALUED.contains(arg.substring(0, eq));
        }
        return arg.startsWith("-t") && arg.length() > 2;
    }

    /** A value picocli takes as the option's without a second thought. */
    private static boolean plainValue(String value) {
        return !value.startsWith("-") && !value.startsWith("@") && !KilnCommand.SUBCOMMANDS.containsKey(value);
    }
}
