package dev.kiln.internal.pipeline;

import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Project;
import dev.kiln.TargetConfig;
import dev.kiln.WarnErrorPolicy;
import dev.kiln.internal.report.Artifacts;
import dev.kiln.internal.report.ManifestMetadata;
import dev.kiln.internal.state.PreviousManifest;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.SyntaxChecker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every stage after loading shares, for one {@code Kiln}: the settings, the project and its
 * target, the {@code --state} manifest, where artifacts go, the adapter (opened once, on first
 * use), the warnings told so far and how long each stage took.
 */
public final class KilnContext implements AutoCloseable {

    private final KilnSettings settings;
    private final String version;
    private final Project project;
    private final TargetConfig target;
    private final AdapterProvider adapterProvider;
    private final Dialect dialect;
    private final Map<String, Object> vars;
    private final PreviousManifest state;
    private final Path targetDir;
    private final Artifacts artifacts;
    private final Set<Diagnostic> warned = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> timings = new ConcurrentHashMap<>();
    private SyntaxChecker syntaxChecker;
    private boolean checkerLooked;
    private Adapter openAdapter;

    /** The context of what {@code loaded} found; reads the {@code --state} manifest now, before anything is written. */
    public KilnContext(LoadStage.Loaded loaded, String version) {
        this.settings = loaded.settings();
        this.version = version;
        this.project = loaded.project();
        this.target = loaded.target();
        this.adapterProvider = loaded.adapter();
        this.dialect = adapterProvider.dialect(target);
        this.state = readState(settings.stateDir());
        this.targetDir = settings.targetPath() == null ? project.config().targetDir()
                : project.config().root().resolve(settings.targetPath()).normalize();
        this.artifacts = new Artifacts(targetDir, dialect.defaultDatabase());
        Map<String, Object> v = new LinkedHashMap<>(project.config().vars());
        v.putAll(settings.vars());
        this.vars = Collections.unmodifiableMap(v);
        timings.put("load", loaded.loading());
    }

    /** The settings the Kiln was loaded with. */
    public KilnSettings settings() {
        return settings;
    }

    /** The loaded project. */
    public Project project() {
        return project;
    }

    /** The active target. */
    public TargetConfig target() {
        return target;
    }

    /** The target's SQL dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** The project vars with overrides applied. */
    public Map<String, Object> vars() {
        return vars;
    }

    /** Where artifacts are written; absolute. */
    public Path targetDir() {
        return targetDir;
    }

    /** The {@code --state} manifest, read at load time, or {@code null} without {@code --state}. */
    PreviousManifest state() {
        return state;
    }

    AdapterProvider adapterProvider() {
        return adapterProvider;
    }

    Artifacts artifacts() {
        return artifacts;
    }

    /** How long each stage took so far. */
    public Map<String, Duration> timings() {
        return Map.copyOf(timings);
    }

    /** Tells the listener a stage finished, and keeps its time for {@link #timings()}. */
    void stageFinished(String stage, Duration elapsed) {
        timings.merge(stage, elapsed, Duration::plus);
        settings.listener().stageFinished(stage, elapsed);
    }

    /** The adapter, opened once even when parallel rendering asks for it from several threads. */
    synchronized Adapter sharedAdapter() {
        return adapter();
    }

    Adapter adapter() {
        if (openAdapter == null) {
            openAdapter = adapterProvider.open(new AdapterContext(target, project.config().root()));
        }
        return openAdapter;
    }

    /** The adapter's syntax checker, asked for once; {@code null} when it has none. */
    synchronized SyntaxChecker syntaxChecker() {
        if (!checkerLooked) {
            checkerLooked = true;
            syntaxChecker = adapterProvider.syntaxChecker(target).orElse(null);
        }
        return syntaxChecker;
    }

    /** Tells the listener of the warnings not told before; throws if the warn-error policy makes one fail. */
    void warn(List<Diagnostic> warnings) {
        tell(warnings);
        failOnWarnings(settings.warnError(), warnings);
    }

    /** Whether any warning was told (partial parsing records only a compile that printed none). */
    boolean toldAny() {
        return !warned.isEmpty();
    }

    /** Tells the listener of the diagnostics not told before. */
    void tell(List<Diagnostic> diagnostics) {
        List<Diagnostic> fresh = diagnostics.stream().filter(warned::add).toList();
        if (!fresh.isEmpty()) {
            settings.listener().warnings(fresh);
        }
    }

    /** Throws {@link ErrorCode#WARNINGS_AS_ERRORS} when {@code policy} makes one of {@code warnings} fail. */
    static void failOnWarnings(WarnErrorPolicy policy, List<Diagnostic> warnings) {
        List<Diagnostic> fatal = warnings.stream().filter(d -> !d.isError() && policy.fails(d.code())).toList();
        if (!fatal.isEmpty()) {
            throw new KilnException(ErrorCode.WARNINGS_AS_ERRORS, fatal.size() == 1
                    ? "A warning is treated as an error (--warn-error): " + fatal.get(0).message()
                    : fatal.size() + " warnings are treated as errors (--warn-error); the first: " + fatal.get(0).message());
        }
    }

    /** The {@code metadata} block of an artifact written now. */
    ManifestMetadata metadata() {
        return new ManifestMetadata(version, target.name(), target.type(), Instant.now(), UUID.randomUUID().toString(),
                target.schema().orElse(dialect.defaultSchema()));
    }

    private static PreviousManifest readState(Path stateDir) {
        if (stateDir == null) {
            return null;
        }
        if (!Files.isRegularFile(stateDir.resolve("manifest.json"))) {
            throw new KilnException(ErrorCode.USAGE, "--state " + stateDir
                    + " holds no manifest.json. Point it at the target directory of an earlier run.");
        }
        return PreviousManifest.read(stateDir);
    }

    /** Releases the adapter's connections and the syntax checker. */
    @Override
    public void close() {
        try {
            if (openAdapter != null) {
                openAdapter.close();
                openAdapter = null;
            }
        } finally {
            SyntaxChecker checker;
            synchronized (this) {
                checker = syntaxChecker;
                syntaxChecker = null;
                checkerLooked = false;
            }
            if (checker != null) {
                checker.close();
            }
        }
    }
}
