package dev.kiln.internal.pipeline;

import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Project;
import dev.kiln.SourcePosition;
import dev.kiln.TargetConfig;
import dev.kiln.internal.cache.PartialParse;
import dev.kiln.internal.cache.RecordingEnv;
import dev.kiln.internal.cache.UpToDate;
import dev.kiln.internal.load.ProjectLoader;
import dev.kiln.internal.util.Suggest;
import dev.kiln.spi.AdapterProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The load stage of a {@code Kiln}: checks the settings, reads the project (through partial
 * parsing when it may), reports its warnings, and chooses the target and its adapter.
 */
public final class LoadStage {

    /**
     * What loading found.
     *
     * @param settings the settings, as copied at {@code load()}
     * @param project  the loaded project
     * @param target   the chosen target, with {@code threads} overridden when asked
     * @param adapter  the adapter for the target's {@code type}
     * @param partial  the partial parsing cache, or {@code null} when it is off
     * @param loading  how long loading took
     */
    public record Loaded(KilnSettings settings, Project project, TargetConfig target, AdapterProvider adapter,
                         PartialParse partial, Duration loading) {
    }

    private LoadStage() {
    }

    /** Loads the project {@code settings} name; {@code version} is Kiln's, which partial parsing keys on. */
    public static Loaded load(KilnSettings b, String version) {
        if (b.defer() && b.stateDir() == null) {
            throw new KilnException(ErrorCode.USAGE, "--defer needs --state DIR: the target directory of the run "
                    + "to defer to (production's, say), which holds its manifest.json.");
        }
        if (b.favorState() && !b.defer()) {
            throw new KilnException(ErrorCode.USAGE, "--favor-state only applies with --defer (and --state DIR).");
        }
        Instant start = Instant.now();
        PartialParse partial = partialParse(b, version);
        Project project = partial == null ? null : partial.project();
        Duration loading;
        if (project == null) {
            project = new ProjectLoader(partial == null ? b.env() : partial.env()).load(b.projectDir());
            loading = Duration.between(start, Instant.now());
            b.listener().stageFinished("load", loading);
        } else {
            loading = Duration.between(start, Instant.now());
            b.listener().stageFinished("load (partial parse: " + partial.outcome().name().toLowerCase(Locale.ROOT)
                    + ")", loading);
        }
        if (!project.warnings().isEmpty()) {
            b.listener().warnings(project.warnings());
            KilnContext.failOnWarnings(b.warnError(), project.warnings());
        }
        TargetConfig target = chooseTarget(project, b.target());
        if (b.threads() != null) {
            Map<String, Object> s = new LinkedHashMap<>(target.settings());
            s.put("threads", b.threads());
            target = new TargetConfig(target.name(), target.type(), s, target.position());
        }
        return new Loaded(b, project, target, findAdapter(target, b.adapters()), partial, loading);
    }

    /**
     * The partial parsing cache of the project, or {@code null} when it is off: by choice, with
     * {@code --defer}, or when the project's target-path is not the default one and no
     * {@code --target-path} says where it is (the cache is looked for before kiln.yml is read).
     */
    private static PartialParse partialParse(KilnSettings b, String version) {
        if (!b.partialParse() || b.defer()) {
            return null;
        }
        Path root = b.projectDir().toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve(ProjectLoader.PROJECT_FILE))) {
            return null; // the loader says what is wrong
        }
        Path targetDir = root.resolve(b.targetPath() == null ? Path.of("target") : b.targetPath()).normalize();
        return PartialParse.open(root, targetDir,
                new PartialParse.Settings(version, b.target(), b.threads(), b.vars(), b.analyze(), b.strict(),
                        b.targetPath()),
                new RecordingEnv(b.env()), b.listener()::warnings);
    }

    /**
     * The summary of the last compile when partial parsing finds that nothing it read changed and
     * that what it wrote is as written ({@link UpToDate}); empty when partial parsing is off or
     * anything differs.
     */
    public static java.util.Optional<dev.kiln.CompileSummary> upToDate(KilnSettings b, String version) {
        if (!b.partialParse() || b.defer()) {
            return java.util.Optional.empty();
        }
        Instant start = Instant.now();
        Path root = b.projectDir().toAbsolutePath().normalize();
        Path targetDir = root.resolve(b.targetPath() == null ? Path.of("target") : b.targetPath()).normalize();
        java.util.Optional<dev.kiln.CompileSummary> out = UpToDate.check(root, targetDir,
                new PartialParse.Settings(version, b.target(), b.threads(), b.vars(), b.analyze(), b.strict(), b.targetPath()),
                b.env());
        b.listener().stageFinished("up-to-date check (partial parse)", Duration.between(start, Instant.now()));
        return out;
    }

    private static TargetConfig chooseTarget(Project project, String requested) {
        Map<String, TargetConfig> targets = project.config().targets();
        String name = requested != null ? requested : project.config().defaultTarget();
        if (name == null) {
            throw new KilnException(ErrorCode.USAGE, "kiln.yml declares no targets.",
                    List.of(Diagnostic.error("no-targets", SourcePosition.of(Path.of(ProjectLoader.PROJECT_FILE)),
                            "kiln.yml declares no targets.", "Add 'targets: {dev: {type: duckdb, path: target/dev.duckdb}}'.")));
        }
        TargetConfig t = targets.get(name);
        if (t == null) {
            throw new KilnException(ErrorCode.USAGE, "Unknown target '" + name + "'. "
                    + Suggest.didYouMean(name, targets.keySet(),
                    "Targets in kiln.yml: " + String.join(", ", targets.keySet()) + "."));
        }
        return t;
    }

    private static AdapterProvider findAdapter(TargetConfig target, List<AdapterProvider> explicit) {
        List<String> types = new ArrayList<>();
        for (AdapterProvider p : explicit) {
            if (p.type().equals(target.type())) {
                return p;
            }
            types.add(p.type());
        }
        for (AdapterProvider p : ServiceLoader.load(AdapterProvider.class, LoadStage.class.getClassLoader())) {
            if (p.type().equals(target.type())) {
                return p;
            }
            types.add(p.type());
        }
        throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "No adapter for type '" + target.type()
                + "' (target '" + target.name() + "', " + target.position() + "). "
                + Suggest.didYouMean(target.type(), types,
                "Adapters on the class path: " + (types.isEmpty() ? "none" : String.join(", ", types)) + "."));
    }
}
