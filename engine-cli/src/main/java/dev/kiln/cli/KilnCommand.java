package dev.kiln.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The root {@code kiln} command. It holds the global options ({@link KilnOptions}, valid
 * before or after the subcommand) and the list of subcommands; add a new command by writing
 * a {@link KilnSubcommand} and listing it here.
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
            "  2  the project or the command is invalid; nothing was executed"},
        subcommands = {
            CompileCommand.class,
            RunCommand.class,
            SeedCommand.class,
            LoadCommand.class,
            SnapshotCommand.class,
            TestCommand.class,
            BuildCommand.class,
            SyncCommand.class,
            ReportCommand.class,
            RetryCommand.class,
            ShowCommand.class,
            SourceCommand.class,
            LsCommand.class,
            LineageCommand.class,
            CleanCommand.class,
            ServeCommand.class,
            DocsCommand.class,
            CatalogCommand.class,
            DagCommand.class,
            ImportDbtCommand.class,
            DepsCommand.class,
            InitCommand.class,
            DebugCommand.class,
            ParseCommand.class,
            RunOperationCommand.class,
            CloneCommand.class,
            DaemonCommand.class,
            HelpCommand.class})
public final class KilnCommand implements Callable<Integer> {

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

    /** Without a subcommand there is nothing to do: the help, on stderr, and a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }
}
