package dev.kiln.cli;

import dev.kiln.Kiln;
import dev.kiln.KilnBuilder;
import dev.kiln.KilnListener;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;

/**
 * The global options. Every option is inherited by every subcommand, so
 * {@code kiln build --project-dir x} and {@code kiln --project-dir x build} mean the same;
 * {@link #builder(KilnListener)} turns them into a {@link KilnBuilder}.
 */
public final class KilnOptions {

    /** The slf4j-simple property that {@code --debug} raises to {@code debug}. */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    /** Calcite's log level under {@code --debug}. */
    static final String CALCITE_LOG_PROPERTY = "org.slf4j.simpleLogger.log.org.apache.calcite";

    @Option(names = "--project-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The project directory, holding kiln.yml (default: the working directory).")
    Path projectDir;

    @Option(names = {"-t", "--target"}, paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "The target in kiln.yml to use (default: its default-target).")
    String target;

    @Option(names = "--vars", paramLabel = "YAML", scope = ScopeType.INHERIT, converter = VarsConverter.class,
            description = "Overrides project vars, as a YAML mapping: --vars '{as_of: 2026-11-01, limit: 10}'.")
    Vars vars;

    @Option(names = "--threads", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "How many nodes run at once (default: the target's threads).")
    Integer threads;

    @Option(names = "--state", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The target directory of an earlier run, for state:modified selection and --defer.")
    Path state;

    @Option(names = "--defer", scope = ScopeType.INHERIT,
            description = "Read models, seeds and snapshots that are not selected, and not built in this target, "
                    + "from the relations the --state manifest records.")
    boolean defer;

    @Option(names = "--favor-state", scope = ScopeType.INHERIT,
            description = "With --defer: read every unselected node from the --state relations, even when this "
                    + "target has its own.")
    boolean favorState;

    @Option(names = "--target-path", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Write compiled SQL, manifest.json and run_results.json here, instead of the project's "
                    + "target-path (relative to the project directory).")
    Path targetPath;

    @Option(names = "--strict", scope = ScopeType.INHERIT,
            description = "Fail when Calcite cannot analyse a model's SQL (its analysis is UNKNOWN: no lineage, no "
                    + "dependency check) instead of warning.")
    boolean strict;

    @Option(names = "--log-format", paramLabel = "FORMAT", scope = ScopeType.INHERIT, defaultValue = "${env:KILN_LOG_FORMAT:-text}",
            description = "text (default) or json: one JSON object per line per event, in dbt's structured-log shape "
                    + "(info.name, info.msg, info.level, info.ts, data), for log collectors (default: $KILN_LOG_FORMAT or text).")
    LogFormat logFormat = LogFormat.TEXT;

    @Option(names = "--no-partial-parse", scope = ScopeType.INHERIT,
            description = "Load, render and analyse every file again, ignoring target/partial_parse.bin (the cache "
                    + "of the last compile, reused for the files that did not change).")
    boolean noPartialParse;

    @Option(names = "--warn-error", scope = ScopeType.INHERIT,
            description = "Treat every warning as an error: the command stops with exit code 1 (a selection that "
                    + "matches nothing, a data test that warns, …), as dbt's --warn-error.")
    boolean warnError;

    @Option(names = "--warn-error-options", paramLabel = "YAML", scope = ScopeType.INHERIT,
            description = "Which warnings are errors, as dbt: '{error: all, warn: [NoNodesForSelectionCriteria]}' "
                    + "or '{error: [nothing-selected]}'.")
    String warnErrorOptions;

    @Option(names = "--daemon", scope = ScopeType.INHERIT,
            description = "Run compile, parse and ls in the long-lived compiler daemon of this project (started on "
                    + "first use; see docs/cli.md, \"Compiler daemon\"). Default: $KILN_DAEMON=1.")
    boolean daemon;

    @Option(names = "--no-daemon", scope = ScopeType.INHERIT,
            description = "Run in this process, even when $KILN_DAEMON=1.")
    boolean noDaemon;

    private boolean debug;

    /**
     * {@code --debug}: stack traces for internal errors, stage timings and debug logging.
     *
     * @param on whether the flag was given
     */
    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Show stage timings, debug logs and stack traces of internal errors.")
    void setDebug(boolean on) {
        this.debug = on;
        if (on) {
            System.setProperty(LOG_LEVEL_PROPERTY, "debug");
            // Calcite's parser logs every expression it reduces at debug: thousands of lines per model
            System.setProperty(CALCITE_LOG_PROPERTY, "info");
        }
    }

    /** Whether {@code --debug} was given. */
    public boolean debug() {
        return debug;
    }

    /** {@code --log-format}: how lines are written. */
    public LogFormat logFormat() {
        return logFormat == null ? LogFormat.TEXT : logFormat;
    }

    /** {@code --target-path}, or {@code null}. */
    public Path targetPath() {
        return targetPath;
    }

    /** {@code --target}, or {@code null} for the project's default target. */
    public String target() {
        return target;
    }

    /** The project directory ({@code .} unless given). */
    public Path projectDir() {
        return Invocation.resolve(projectDir == null ? Path.of(".") : projectDir);
    }

    /**
     * A builder configured from these options.
     *
     * @param listener receives progress and warnings
     * @return the builder, ready to {@link KilnBuilder#load()}
     */
    public KilnBuilder builder(KilnListener listener) {
        KilnBuilder b = Kiln.configure().projectDir(projectDir()).env(Invocation.env()).listener(listener);
        if (target != null) {
            b.target(target);
        }
        if (vars != null) {
            b.vars(vars.values());
        }
        if (threads != null) {
            b.threads(threads);
        }
        if (state != null) {
            b.state(Invocation.resolve(state));
        }
        if (targetPath != null) {
            b.targetPath(targetPath);
        }
        if (noPartialParse) {
            b.partialParse(false);
        }
        return b.defer(defer).favorState(favorState).strict(strict).warnError(warnErrorPolicy());
    }

    /** {@code --warn-error} and {@code --warn-error-options} as a policy (the options win when both are given). */
    dev.kiln.WarnErrorPolicy warnErrorPolicy() {
        if (warnErrorOptions != null) {
            return dev.kiln.WarnErrorPolicy.parse(warnErrorOptions);
        }
        return warnError ? dev.kiln.WarnErrorPolicy.ALL : dev.kiln.WarnErrorPolicy.NONE;
    }
}
