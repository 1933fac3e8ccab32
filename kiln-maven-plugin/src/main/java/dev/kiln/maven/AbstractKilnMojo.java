package dev.kiln.maven;

import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnBuilder;
import dev.kiln.KilnException;
import dev.kiln.Selection;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Base of every Kiln goal: the parameters they share, turned into a {@link KilnBuilder}, and
 * the mapping of Kiln's failures onto Maven's. A goal implements {@link #execute(Kiln)}.
 * <ul>
 *   <li>an invalid project or command (nothing was executed) is a {@link MojoExecutionException}
 *       listing every diagnostic as {@code file:line:col: error: …};</li>
 *   <li>a model or test that failed is a {@link MojoFailureException} with a summary.</li>
 * </ul>
 */
public abstract class AbstractKilnMojo extends AbstractMojo {

    /**
     * The Kiln project directory, holding {@code kiln.yml}: the module's directory, or the
     * working directory when the goal runs without a POM.
     */
    @Parameter(property = "kiln.projectDir", defaultValue = "${project.basedir}")
    protected File projectDir;

    /** The target in {@code kiln.yml} to use; default: the project's {@code default-target}. */
    @Parameter(property = "kiln.target")
    protected String target;

    /**
     * Which nodes to work on, in dbt's selection syntax, as on the command line: specs separated
     * by white space are a union, a comma inside one spec is an intersection
     * ({@code -Dkiln.select="+rfm_segments tag:daily,config.materialized:table"}). Default: everything.
     */
    @Parameter(property = "kiln.select")
    protected String select;

    /** Nodes to leave out, in the same syntax as {@code select}. */
    @Parameter(property = "kiln.exclude")
    protected String exclude;

    /** Overrides of project vars, one element per var: {@code <vars><as_of>2026-11-01</as_of></vars>}. */
    @Parameter
    protected Map<String, String> vars;

    /**
     * Overrides of project vars as a YAML mapping, like the CLI's {@code --vars}:
     * {@code -Dkiln.vars="{as_of: 2026-11-01, limit: 10}"}. Applied after {@code vars}.
     */
    @Parameter(property = "kiln.vars")
    protected String varsYaml;

    /** How many nodes run at once; default: the target's {@code threads}. */
    @Parameter(property = "kiln.threads")
    protected Integer threads;

    /**
     * The target directory of an earlier run (its {@code manifest.json}), for {@code state:modified}
     * selection and {@code defer}.
     */
    @Parameter(property = "kiln.state")
    protected File state;

    /**
     * Like {@code kiln --defer}: a model, seed or snapshot that is not selected, and not built in
     * the target, is read from the relation the {@code state} manifest records for it. Needs
     * {@code state}.
     */
    @Parameter(property = "kiln.defer", defaultValue = "false")
    protected boolean defer;

    /** With {@code defer}: read every unselected node from the {@code state} relations, even when the target has its own. */
    @Parameter(property = "kiln.favorState", defaultValue = "false")
    protected boolean favorState;

    /**
     * Where compiled SQL, {@code manifest.json} and {@code run_results.json} are written, instead
     * of the Kiln project's {@code target-path}.
     */
    @Parameter(property = "kiln.targetPath")
    protected File targetPath;

    /**
     * Fails when Calcite cannot analyse a model's SQL (its analysis is unknown: no lineage, no
     * dependency check) instead of warning, like {@code kiln --strict}.
     */
    @Parameter(property = "kiln.strict", defaultValue = "false")
    protected boolean strict;

    /** Skips the goal. */
    @Parameter(property = "kiln.skip", defaultValue = "false")
    protected boolean skip;

    private MavenLogListener listener;

    /** The goal's name, for log lines ({@code build}). */
    protected abstract String goal();

    /**
     * Does the goal's work on a loaded project.
     *
     * @param kiln the loaded project, closed by the caller
     * @throws MojoFailureException when a model or test failed
     */
    protected abstract void execute(Kiln kiln) throws MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping kiln:" + goal() + " (kiln.skip)");
            return;
        }
        try (Kiln kiln = builder().load()) {
            getLog().info("Kiln project " + kiln.project().name() + " (" + projectDir() + "), target "
                    + kiln.target().name() + " (" + kiln.target().type() + ")"
                    + (defer ? ", deferring to " + state + (favorState ? " (favor state)" : "") : ""));
            execute(kiln);
        } catch (KilnException e) {
            fail(e);
        }
    }

    /** The builder the parameters describe. */
    protected KilnBuilder builder() {
        listener = new MavenLogListener(getLog());
        KilnBuilder b = Kiln.configure()
                .projectDir(projectDir())
                .listener(listener);
        if (target != null && !target.isBlank()) {
            b.target(target.trim());
        }
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (vars != null) {
            vars.forEach((k, v) -> overrides.put(k, YamlVars.scalar(v)));
        }
        overrides.putAll(YamlVars.mapping(varsYaml));
        b.vars(overrides);
        if (threads != null) {
            b.threads(threads);
        }
        if (state != null) {
            b.state(state.toPath());
        }
        if (targetPath != null) {
            b.targetPath(targetPath.toPath().toAbsolutePath());
        }
        return b.defer(defer).favorState(favorState).strict(strict);
    }

    /** The listener that logs progress (set by {@link #builder()}); it knows which nodes did not pass. */
    final MavenLogListener listener() {
        return listener;
    }

    /** {@code projectDir}, or the working directory without a POM (where Maven leaves it unset). */
    protected Path projectDir() {
        return projectDir != null ? projectDir.toPath() : Path.of(System.getProperty("user.dir"));
    }

    /** The selection {@code select} and {@code exclude} describe. */
    protected Selection selection() {
        return new Selection(Selection.split(List.of(nullToEmpty(select))), Selection.split(List.of(nullToEmpty(exclude))));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * A failure while running (a model or test failed, the run was cancelled) fails the build;
     * an invalid project, command or target is an error in the build's configuration.
     */
    private void fail(KilnException e) throws MojoExecutionException, MojoFailureException {
        String message = e.getMessage();
        if (!e.diagnostics().isEmpty()) {
            message += e.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n", "\n", ""));
        }
        if (e.code() == ErrorCode.EXECUTION_FAILED || e.code() == ErrorCode.CANCELLED) {
            throw new MojoFailureException(message, e);
        }
        throw new MojoExecutionException(message, e);
    }
}
