package dev.kiln.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The root {@code kiln} command. It holds the global options ({@link KilnOptions}, valid
 * before or after the subcommand) and the list of subcommands ({@link #SUBCOMMANDS}); add a new
 * command by writing a {@link KilnSubcommand} and listing it there. {@link KilnCli} adds them
 * in code rather than through the annotation, so that a command line that names one command
 * builds only that command's model (see {@link CommandDispatch}).
 */
@Command(name = "kiln",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpWidth = 100,
        synopsisSubcommandLabel = "COMMAND",
        description = "Kiln: dbt-style SQL models, compiled and run on the JVM.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success (tests that only warn included)",
            "  1  a model or test failed, the run was cancelled, or Kiln itself failed (internal error)",
            "  2  the project or the command is invalid; nothing was executed"})
public final class KilnCommand implements Callable<Integer> {

    /**
     * Every subcommand by its name and aliases, in the order {@code kiln --help} lists them;
     * {@code help} (picocli's {@link HelpCommand}) comes last. An alias maps to the same class as
     * its command's name.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            "compile", CompileCommand.class,
            "run", RunCommand.class,
            "seed", SeedCommand.class,
            "load", LoadCommand.class,
            "snapshot", SnapshotCommand.class,
            "test", TestCommand.class,
            "build", BuildCommand.class,
            "sync", SyncCommand.class,
            "report", ReportCommand.class,
            "retry", RetryCommand.class,
            "show", ShowCommand.class,
            "source", SourceCommand.class,
            "ls", LsCommand.class,
            "list", LsCommand.class,
            "lineage", LineageCommand.class,
            "clean", CleanCommand.class,
            "serve", ServeCommand.class,
            "docs", DocsCommand.class,
            "catalog", CatalogCommand.class,
            "dag", DagCommand.class,
            "import-dbt", ImportDbtCommand.class,
            "deps", DepsCommand.class,
            "init", InitCommand.class,
            "debug", DebugCommand.class,
            "parse", ParseCommand.class,
            "run-operation", RunOperationCommand.class,
            "clone", CloneCommand.class,
            "daemon", DaemonCommand.class,
            "help", HelpCommand.class);

    @Mixin
    KilnOptions options;

    @Spec
    CommandSpec spec;

    private final Style style;
    private JsonLog jsonLog;

    /**
     * @param style whether output is coloured
     */
    public KilnCommand(Style style) {
        this.style = style;
    }

    /** The global options, whichever side of the subcommand they were given on. */
    public KilnOptions options() {
        return options;
    }

    /** The output style. */
    public Style style() {
        return style;
    }

    /** Whether {@code --log-format json} was given. */
    boolean jsonLogs() {
        return options != null && options.logFormat() == LogFormat.JSON;
    }

    /** The JSON log of this invocation ({@code --log-format json}), made on first use. */
    synchronized JsonLog jsonLog() {
        if (jsonLog == null) {
            jsonLog = new JsonLog();
        }
        return jsonLog;
    }

    /**
     * A terminal on these streams: as given, or, under {@code --log-format json}, one that turns
     * every line into a JSON event (without colour).
     */
    Terminal terminal(java.io.PrintWriter out, java.io.PrintWriter err) {
        if (!jsonLogs()) {
            return new Terminal(out, err, style);
        }
        return new Terminal(new java.io.PrintWriter(new JsonLineWriter(jsonLog(), out, "info")),
                new java.io.PrintWriter(new JsonLineWriter(jsonLog(), err, "info")), Style.PLAIN);
    }

    private static Map<String, Class<?>> subcommands(Object... nameThenClass) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            byName.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return Collections.unmodifiableMap(byName);
    }

    /** Without a subcommand there is nothing to do: the help, on stderr, and a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }
}
