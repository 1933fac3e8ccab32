package dev.kiln;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code kiln.yml}.
 *
 * @param name          the project's name
 * @param version       the project's version
 * @param root          the project directory (absolute)
 * @param paths         where models, seeds, tests, macros and snapshots live
 * @param vars          project variables (before {@code --vars} overrides)
 * @param targets       the targets, by name
 * @param defaultTarget the target used when none is chosen
 * @param airflow       the {@code airflow:} section ({@link AirflowConfig#DEFAULTS} when absent)
 * @param alerts        the {@code alerts:} section: webhooks told at the end of a run
 * @param packages      the packages under {@code packages:}, in order
 * @param hooks         {@code on-run-start} and {@code on-run-end}
 */
public record ProjectConfig(String name, String version, Path root, Paths paths, Map<String, Object> vars,
                            Map<String, TargetConfig> targets, String defaultTarget, AirflowConfig airflow,
                            List<AlertConfig> alerts, List<KilnPackage> packages, RunHooks hooks) {

    /** Copies the lists. */
    public ProjectConfig {
        alerts = List.copyOf(alerts);
        packages = List.copyOf(packages);
        airflow = airflow == null ? AirflowConfig.DEFAULTS : airflow;
        hooks = hooks == null ? RunHooks.NONE : hooks;
    }

    /** A project without {@code on-run-start} and {@code on-run-end} hooks. */
    public ProjectConfig(String name, String version, Path root, Paths paths, Map<String, Object> vars,
                         Map<String, TargetConfig> targets, String defaultTarget, AirflowConfig airflow,
                         List<AlertConfig> alerts, List<KilnPackage> packages) {
        this(name, version, root, paths, vars, targets, defaultTarget, airflow, alerts, packages, RunHooks.NONE);
    }

    /** A project without {@code airflow:}, {@code alerts:} and {@code packages:} sections. */
    public ProjectConfig(String name, String version, Path root, Paths paths, Map<String, Object> vars,
                         Map<String, TargetConfig> targets, String defaultTarget) {
        this(name, version, root, paths, vars, targets, defaultTarget, AirflowConfig.DEFAULTS, List.of(), List.of());
    }

    /**
     * Folders of the project, relative to its root.
     *
     * @param models    {@code model-paths}, default {@code [models]}
     * @param seeds     {@code seed-paths}, default {@code [seeds]}
     * @param tests     {@code test-paths}, default {@code [tests]}
     * @param macros    {@code macro-paths}, default {@code [macros]}
     * @param snapshots {@code snapshot-paths}, default {@code [snapshots]}
     * @param target    {@code target-path}, default {@code target}
     */
    public record Paths(List<String> models, List<String> seeds, List<String> tests, List<String> macros,
                        List<String> snapshots, String target) {
    }

    /** A copy with other folders (the project's own plus its packages'). */
    public ProjectConfig withPaths(Paths newPaths) {
        return new ProjectConfig(name, version, root, newPaths, vars, targets, defaultTarget, airflow, alerts, packages,
                hooks);
    }

    /** The absolute target directory. */
    public Path targetDir() {
        return root.resolve(paths.target());
    }
}
