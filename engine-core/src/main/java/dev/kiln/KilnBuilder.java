package dev.kiln;

import dev.kiln.internal.pipeline.KilnSettings;
import dev.kiln.spi.AdapterProvider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Configures and loads a {@link Kiln}. Obtain one with {@link Kiln#configure()}; every
 * setting is optional except where noted.
 */
public final class KilnBuilder {

    Path projectDir = Path.of(".");
    String target;
    final Map<String, Object> vars = new LinkedHashMap<>();
    Function<String, String> env = System::getenv;
    KilnListener listener = KilnListener.NONE;
    final List<AdapterProvider> adapters = new ArrayList<>();
    Integer threads;
    Path stateDir;
    boolean defer;
    boolean favorState;
    Path targetPath;
    boolean strict;
    boolean analyze = !"false".equals(System.getProperty("kiln.analyze"));
    boolean partialParse = !"false".equals(System.getProperty("kiln.partialParse"));
    WarnErrorPolicy warnError = WarnErrorPolicy.NONE;

    KilnBuilder() {
    }

    /** The project directory (holding {@code kiln.yml}); default: the working directory. */
    public KilnBuilder projectDir(Path dir) {
        this.projectDir = Objects.requireNonNull(dir, "dir");
        return this;
    }

    /** The target to use; default: the project's {@code default-target}. */
    public KilnBuilder target(String name) {
        this.target = name;
        return this;
    }

    /** Overrides project vars (like {@code --vars}). */
    public KilnBuilder vars(Map<String, ?> overrides) {
        this.vars.putAll(overrides);
        return this;
    }

    /** Where {@code env_var()} looks; default: the process environment. */
    public KilnBuilder env(Function<String, String> lookup) {
        this.env = Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    /** Receives progress; default: none. */
    public KilnBuilder listener(KilnListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Uses this adapter for its type, ahead of any found on the class path. */
    public KilnBuilder adapter(AdapterProvider provider) {
        this.adapters.add(Objects.requireNonNull(provider, "provider"));
        return this;
    }

    /** Overrides the target's {@code threads}. */
    public KilnBuilder threads(int n) {
        if (n < 1) {
            throw new KilnException(ErrorCode.USAGE, "threads must be at least 1, not " + n + ".");
        }
        this.threads = n;
        return this;
    }

    /** A directory holding an earlier {@code manifest.json}, for {@code state:modified} selection. */
    public KilnBuilder state(Path dir) {
        this.stateDir = dir;
        return this;
    }

    /**
     * {@code --defer}: a {@code ref()} from a selected node to a model, seed or snapshot that is
     * not selected, and that does not exist in the target, reads the relation the {@link #state}
     * manifest records for it. Needs {@link #state}. See {@code docs/ci.md}.
     */
    public KilnBuilder defer(boolean on) {
        this.defer = on;
        return this;
    }

    /**
     * Strict analysis ({@code --strict}): a model whose SQL Calcite cannot parse (its analysis is
     * unknown: no lineage, no dependency check) is an error instead of a warning. Default: off.
     */
    public KilnBuilder strict(boolean on) {
        this.strict = on;
        return this;
    }

    /**
     * {@code --favor-state}: with {@link #defer}, read every unselected node from the state
     * manifest's relation, even when the target has its own.
     */
    public KilnBuilder favorState(boolean on) {
        this.favorState = on;
        return this;
    }

    /**
     * Where artifacts ({@code compiled/}, {@code manifest.json}, {@code run_results.json}) are
     * written, instead of the project's {@code target-path}; relative to the project directory.
     * Does not move the project's other paths (a DuckDB {@code path:} stays where kiln.yml says).
     */
    public KilnBuilder targetPath(Path dir) {
        this.targetPath = dir;
        return this;
    }

    /**
     * Whether compiling checks every model's SQL (syntax, reads without {@code ref()}, column
     * lineage; see {@code docs/analysis.md}). Default: on, unless the system property
     * {@code kiln.analyze} is {@code false}. Off, nothing is checked before running and the
     * manifest has no lineage; {@link Kiln#analysis()} still analyses when asked.
     */
    public KilnBuilder analyze(boolean on) {
        this.analyze = on;
        return this;
    }

    /**
     * Partial parsing (as dbt's): {@link Kiln#compile()} keeps what it loaded, rendered and
     * analysed in {@code target/partial_parse.bin}, and the next compile reuses it for every file
     * that did not change (see {@code docs/cli.md}, "Partial parsing"). Default: on, unless
     * the system property {@code kiln.partialParse} is {@code false}; the CLI's
     * {@code --no-partial-parse} turns it off. Off for {@link #defer} runs.
     */
    public KilnBuilder partialParse(boolean on) {
        this.partialParse = on;
        return this;
    }

    /**
     * Which warnings fail the command ({@code --warn-error}, {@code --warn-error-options}); by
     * default none ({@link WarnErrorPolicy#NONE}).
     */
    public KilnBuilder warnError(WarnErrorPolicy policy) {
        this.warnError = policy == null ? WarnErrorPolicy.NONE : policy;
        return this;
    }

    /**
     * Reads the project's {@code kiln.yml} alone, without its models: the settings a command
     * needs that does not compile ({@code kiln clean}). Throws {@link KilnException} with every
     * problem in the file.
     */
    public ProjectConfig readProjectConfig() {
        return new dev.kiln.internal.load.ProjectLoader(env).readConfig(projectDir);
    }

    /**
     * Loads the project. Throws {@link KilnException} ({@link ErrorCode#PROJECT_INVALID})
     * with every problem if the project has errors.
     */
    public Kiln load() {
        return Kiln.load(settings());
    }

    /**
     * Partial parsing's shortcut for a compile of the whole project: when nothing the last
     * successful compile read has changed (its input files, environment variables, these
     * settings, Kiln itself), it printed no warning, and {@code manifest.json}, the compiled tree
     * and the cache are still as it wrote them, that compile's summary, found without loading the
     * project or writing anything. Empty otherwise (then {@link #load()} and compile), and always
     * when partial parsing is off or with {@code --defer}.
     */
    public java.util.Optional<CompileSummary> upToDateCompile() {
        return dev.kiln.internal.pipeline.LoadStage.upToDate(settings(), Kiln.VERSION);
    }

    /** The settings as they are now, copied: the loaded Kiln never reads this builder again. */
    KilnSettings settings() {
        return new KilnSettings(projectDir, target, vars, env, listener, adapters, threads, stateDir, defer, favorState,
                targetPath, strict, analyze, partialParse, warnError);
    }
}
