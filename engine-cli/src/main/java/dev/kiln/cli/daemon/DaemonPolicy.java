package dev.kiln.cli.daemon;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether a command line goes to the compiler daemon, and how the client reads a command line.
 * JDK classes only: the client loads it. The {@code kiln} launcher applies the same rule to pick
 * the client's class-data archive (its "daemon rule" block; {@code DaemonPolicyTest} checks that
 * both agree).
 * <p>
 * Only {@code compile}, {@code parse}, {@code ls} ({@code list}) and {@code docs generate} go to the daemon, and never
 * with {@code --no-daemon}, {@code --debug}, {@code --help}, {@code --version} or after {@code --}.
 * Among those:
 * <ol>
 *   <li>{@code --daemon} sends it;</li>
 *   <li>else {@code KILN_DAEMON} set to 1/true/yes/on sends it, and 0/false/no/off keeps it in this process;</li>
 *   <li>else (unset, empty or anything else) it goes to the daemon when the session is
 *       {@linkplain #interactive() interactive}, stdin and stdout both terminals, and no CI system is
 *       detected ({@link #ci}): as Gradle's daemon, on for a person at a terminal; scripts, pipes,
 *       CI and tests stay in-process.</li>
 * </ol>
 */
public final class DaemonPolicy {

    /**
     * The commands the daemon runs (they hold no warehouse connection between requests), and
     * {@code docs generate} ({@link #daemonCommand}).
     */
    static final Set<String> COMMANDS = Set.of("compile", "parse", "ls", "list");

    /**
     * The global options that take one value (as the next argument unless written {@code --opt=value};
     * {@code -tNAME} too). The one list of them: the in-process command line
     * ({@code dev.kiln.cli.CommandDispatch}) reads it too, and {@code CommandDispatchTest} checks it
     * against the command line's model.
     */
    public static final Set<String> VALUED = Set.of("--project-dir", "-t", "--target", "--vars", "--threads", "--state",
            "--target-path", "--log-format", "--warn-error-options");

    /** With any of these the command runs in this process. */
    private static final Set<String> LOCAL = Set.of("-h", "--help", "-V", "--version", "--debug", "help", "--no-daemon", "--");

    private static final Set<String> YES = Set.of("1", "true", "yes", "on");
    private static final Set<String> NO = Set.of("0", "false", "no", "off");

    private DaemonPolicy() {
    }

    /**
     * Whether {@code args} go to the daemon (see the class comment).
     *
     * @param args        the command line
     * @param env         the environment ({@code KILN_DAEMON}, {@code CI})
     * @param interactive whether stdin and stdout are terminals (asked only when it decides)
     */
    static boolean wanted(String[] args, Map<String, String> env, java.util.function.BooleanSupplier interactive) {
        boolean flag = false;
        for (String a : args) {
            if (LOCAL.contains(a)) {
                return false;
            }
            flag |= a.equals("--daemon");
        }
        if (!daemonCommand(args)) {
            return false;
        }
        if (flag || is(YES, env.get("KILN_DAEMON"))) {
            return true;
        }
        return !is(NO, env.get("KILN_DAEMON")) && !ci(env) && interactive.getAsBoolean();
    }

    /** Whether a CI system is detected: {@code CI} set (GitHub Actions, GitLab, CircleCI, Travis, Buildkite, …), but not to 0/false/no/off. */
    static boolean ci(Map<String, String> env) {
        String v = env.get("CI");
        return v != null && !v.isBlank() && !is(NO, v);
    }

    private static boolean is(Set<String> values, String v) {
        return v != null && values.contains(v.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Whether this process's stdin and stdout are both terminals: a person typing at a shell, not
     * a script, pipe or test. On Java 17 to 21 a {@link java.io.Console} exists exactly then; from
     * Java 22 one may exist anyway and {@code Console.isTerminal()} says.
     */
    static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        if (Runtime.version().feature() < 22) {
            return true;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the daemon runs this command: {@link #COMMANDS}, or {@code docs generate} (not {@code docs serve}). */
    static boolean daemonCommand(String[] args) {
        String command = command(args);
        if ("docs".equals(command)) {
            return "generate".equals(positional(args, 1));
        }
        return command != null && COMMANDS.contains(command);
    }

    /** The subcommand: the first argument that is neither an option nor an option's value. */
    static String command(String[] args) {
        return positional(args, 0);
    }

    /** The {@code n}th argument that is neither an option nor an option's value; {@code null} when none. */
    static String positional(String[] args, int n) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (VALUED.contains(a)) {
                i++;
            } else if (!a.startsWith("-") && n-- == 0) {
                return a;
            }
        }
        return null;
    }

    /** The {@code --project-dir} given (the last one), else the working directory; {@code null} when unclear. */
    static Path projectDir(String[] args) {
        String dir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--project-dir")) {
                if (i + 1 >= args.length) {
                    return null;
                }
                dir = args[++i];
            } else if (a.startsWith("--project-dir=")) {
                dir = a.substring("--project-dir=".length());
            } else if (VALUED.contains(a)) {
                i++;
            }
        }
        try {
            return Path.of(dir == null ? "." : dir).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code --log-format json} on the command line, else {@code KILN_LOG_FORMAT=json}: the client
     * writes its own lines as JSON log events then.
     */
    static boolean jsonLog(String[] args, Map<String, String> env) {
        String format = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--log-format") && i + 1 < args.length) {
                format = args[++i];
            } else if (args[i].startsWith("--log-format=")) {
                format = args[i].substring("--log-format=".length());
            }
        }
        if (format == null) {
            format = env.get("KILN_LOG_FORMAT");
        }
        return format != null && format.trim().equalsIgnoreCase("json");
    }
}
