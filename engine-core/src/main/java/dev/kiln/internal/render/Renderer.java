package dev.kiln.internal.render;

import dev.kiln.Diagnostic;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.TestMetadata;
import dev.kiln.internal.load.ConfigKeys;
import dev.kiln.internal.util.Suggest;
import freemarker.core.ParseException;
import freemarker.template.Template;
import freemarker.template.TemplateException;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The render stage: turns each node's template into SQL (in parallel), collecting what it
 * refers to and the config its file sets. Every template problem becomes a diagnostic at the
 * line and column of the model file (or macro file) where it happened.
 */
public final class Renderer {

    /** The rendered nodes and the problems found. */
    public record Outcome(List<RenderedNode> nodes, List<Diagnostic> diagnostics) {
    }

    private final RenderContext ctx;
    private final TemplateEngine engine;
    private final RelationNamer namer;
    private final boolean fastPath;

    /** @param ctx what rendering needs; @param engine the project's FreeMarker configuration */
    public Renderer(RenderContext ctx, TemplateEngine engine) {
        this(ctx, engine, true);
    }

    /** With {@code fastPath} false, every template goes through FreeMarker (for differential tests). */
    Renderer(RenderContext ctx, TemplateEngine engine, boolean fastPath) {
        this.ctx = ctx;
        this.engine = engine;
        this.namer = new RelationNamer(ctx.target(), ctx.dialect());
        this.fastPath = fastPath;
    }

    /** Renders every node; the order of the result follows {@code nodes}. */
    public Outcome renderAll(Collection<Node> nodes) {
        List<Diagnostic> diagnostics = Collections.synchronizedList(new ArrayList<>(engine.macroProblems()));
        if (!engine.macroProblems().isEmpty()) {
            return new Outcome(List.of(), diagnostics);
        }
        List<RenderedNode> out = nodes.parallelStream()
                .map(n -> render(n, diagnostics))
                .filter(r -> r != null)
                .toList();
        return new Outcome(out, diagnostics);
    }

    /** Renders one node; returns {@code null} after adding a diagnostic if it fails. */
    public RenderedNode render(Node node, List<Diagnostic> diagnostics) {
        if (node.resourceType() == ResourceType.SEED) {
            List<Diagnostic> hooks = HookTemplates.check(node, node.config(), engine);
            diagnostics.addAll(hooks);
            return hooks.isEmpty() ? new RenderedNode(node, "", List.of(), List.of()) : null;
        }
        String templateName = node.origin().path().toString().replace('\\', '/');
        if (node.test() == null && !jinjaFree(node.rawCode(), Path.of(templateName), diagnostics)) {
            return null;
        }
        if (fastPath && node.test() == null) {
            FastTemplate fast = FastTemplate.parse(node.rawCode());
            if (fast != null) {
                RenderScope scope = new RenderScope(ctx, node, namer);
                try {
                    String sql = fast.render(scope);
                    if (sql != null) {
                        return finish(node, scope, sql, diagnostics);
                    }
                } catch (FastTemplate.Failure f) {
                    diagnostics.add(Diagnostic.error(f.problem.code(), node.resourceType() == dev.kiln.ResourceType.SNAPSHOT
                            ? node.origin().position() : new SourcePosition(Path.of(templateName), Math.max(1, f.line), Math.max(1, f.column)),
                            f.problem.plainMessage(), f.problem.hint()));
                    return null;
                }
            }
        }
        RenderScope scope = new RenderScope(ctx, node, namer);
        try {
            if (node.test() != null) {
                bindTestArguments(scope, node.test());
            }
            Template template = node.test() != null
                    ? engine.shared("generic-tests/" + node.test().name(), node.rawCode())
                    : engine.parse(templateName, node.rawCode());
            StringWriter out = new StringWriter(node.rawCode().length() + 64);
            template.process(scope, out);
            RenderedNode rendered = finish(node, scope, out.toString(), diagnostics);
            if (rendered != null && node.test() != null && node.test().predicateTemplate() != null) {
                StringWriter predicate = new StringWriter();
                engine.shared("generic-tests/" + node.test().name() + ".predicate", node.test().predicateTemplate())
                        .process(scope, predicate);
                String where = rendered.node().config().string("where").orElse(null);
                String condition = predicate.toString().strip();
                rendered = new RenderedNode(rendered.node(), rendered.sql(), rendered.dependsOn(), rendered.sources(),
                        where == null ? condition : "(" + where + ") and (" + condition + ")", rendered.reads());
            }
            return rendered;
        } catch (ParseException e) {
            diagnostics.add(Diagnostic.error("template-syntax", position(node, e.getTemplateName(),
                    e.getLineNumber(), e.getColumnNumber()), "Template syntax error: " + e.getEditorMessage(), null));
        } catch (TemplateException e) {
            diagnostics.add(templateError(node, e));
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error("template-error", node.origin().position(), e.getMessage(), null));
        }
        return null;
    }

    /** Adds a diagnostic for each dbt habit (Jinja, is_incremental without (), commas in <@config>); false if any. */
    static boolean jinjaFree(String text, Path file, List<Diagnostic> diagnostics) {
        List<JinjaCheck.Finding> findings = JinjaCheck.check(text);
        for (JinjaCheck.Finding f : findings) {
            diagnostics.add(Diagnostic.error(f.code(), new SourcePosition(file, f.line(), f.column()), f.message(), f.hint()));
        }
        return findings.isEmpty();
    }

    private RenderedNode finish(Node node, RenderScope scope, String sql, List<Diagnostic> diagnostics) {
        NodeConfig config = scope.config();
        if (!checkConfig(node, config, diagnostics)) {
            return null;
        }
        List<Diagnostic> hooks = HookTemplates.check(node, config, engine);
        if (!hooks.isEmpty()) {
            diagnostics.addAll(hooks);
            return null;
        }
        if (node.resourceType() == ResourceType.MODEL && isEmptySql(sql)) {
            diagnostics.add(Diagnostic.error("empty-model", new SourcePosition(node.origin().path(), 1, 1),
                    "Model '" + node.name() + "' renders to no SQL (only blanks and comments).",
                    "Write its SELECT statement, or delete the file."));
            return null;
        }
        return new RenderedNode(node.withConfig(config), sql, scope.dependsOn(), scope.sources(), null, scope.reads());
    }

    /** Whether {@code sql} holds nothing but blanks, semicolons and comments. */
    static boolean isEmptySql(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                return false;
            }
        }
        return true;
    }

    private void bindTestArguments(RenderScope scope, TestMetadata test) throws freemarker.template.TemplateModelException {
        String model = scope.attach(test.attachedNode());
        String where = scope.config().string("where").orElse(null);
        // the test's `where` config narrows the rows it checks, as in dbt
        scope.put("model", where == null ? model : "(select * from " + model + " where " + where + ") as kiln_where");
        scope.put("column_name", test.columnName());
        for (Map.Entry<String, Object> e : test.kwargs().entrySet()) {
            scope.put(e.getKey(), scope.relationOrValue(e.getValue()));
        }
    }

    private boolean checkConfig(Node node, NodeConfig config, List<Diagnostic> diagnostics) {
        if (node.resourceType() == ResourceType.MODEL && !ConfigKeys.MATERIALIZATIONS.contains(config.materialized())) {
            diagnostics.add(Diagnostic.error("bad-materialization", node.origin().position(),
                    "Model '" + node.name() + "' has materialized '" + config.materialized() + "'.",
                    Suggest.didYouMean(config.materialized(), ConfigKeys.MATERIALIZATIONS,
                            "Use one of: view, table, incremental, ephemeral.")));
            return false;
        }
        String retries = config.string("retries").map(String::strip).orElse("0");
        String delay = config.string("retry_delay").map(String::strip).orElse("1");
        if (!retries.matches("[0-9]{1,3}") || !delay.matches("[0-9]{1,6}(\\.[0-9]+)?")) {
            diagnostics.add(Diagnostic.error("bad-retries", node.origin().position(), "'" + node.name() + "' has retries '"
                    + retries + "' and retry_delay '" + delay + "'.",
                    "retries is a whole number of retries (0 to 999); retry_delay a number of seconds, e.g. 10 or 0.5."));
            return false;
        }
        return true;
    }

    static Diagnostic templateError(Node node, TemplateException e) {
        TemplateProblem problem = problemIn(e);
        String message = problem != null ? problem.plainMessage()
                : withoutWrapper(firstParagraph(e.getMessageWithoutStackTop()));
        SourcePosition at = position(node, e.getTemplateSourceName(), e.getLineNumber() == null ? 0 : e.getLineNumber(),
                e.getColumnNumber() == null ? 0 : e.getColumnNumber());
        String hint = problem != null ? problem.hint() : null;
        if (node.test() != null) {
            message = "In data test '" + node.test().name() + "': " + message;
        }
        return Diagnostic.error(problem != null ? problem.code() : "template-error", at, message, hint);
    }

    private static TemplateProblem problemIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TemplateProblem p) {
                return p;
            }
        }
        return null;
    }

    private static SourcePosition position(Node node, String templateName, int line, int column) {
        if (node.test() != null || node.resourceType() == dev.kiln.ResourceType.SNAPSHOT) {
            return node.origin().position(); // templates Kiln made from YAML: point at the declaration
        }
        Path file = templateName == null ? node.origin().path() : Path.of(templateName);
        // FreeMarker has no column for some errors (a lexical error at the end of the file): then the line's start
        return new SourcePosition(file, Math.max(1, line), Math.max(1, column));
    }

    /** FreeMarker names the Java class of a value ("(wrapper: …$$Lambda…)"); a user cannot act on that. */
    static String withoutWrapper(String message) {
        return message.replaceAll("\\s*\\(wrapper: [^)]*\\)", "");
    }

    private static String firstParagraph(String message) {
        String m = message.strip();
        int cut = m.indexOf("\n\n");
        m = cut < 0 ? m : m.substring(0, cut);
        int tip = m.indexOf("\n----");
        return (tip < 0 ? m : m.substring(0, tip)).replace('\n', ' ').strip();
    }
}
