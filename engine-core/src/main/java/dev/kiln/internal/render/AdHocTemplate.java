package dev.kiln.internal.render;

import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.internal.util.Suggest;
import freemarker.core.Environment;
import freemarker.core.Macro;
import freemarker.core.ParseException;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateHashModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateModelIterator;
import freemarker.template.TemplateScalarModel;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders SQL that is not a node of the project with the project's templating: the query of
 * {@code kiln show --inline}, and a macro called by {@code kiln run-operation}. Refs come out as
 * {@link Placeholders}, which the caller resolves against the compiled project.
 */
public final class AdHocTemplate {

    /** The variable that holds {@code run-operation}'s {@code --args}. */
    private static final String ARGS = "__kiln_args";

    /**
     * A rendered text.
     *
     * @param sql       the SQL, with relation markers for refs
     * @param dependsOn the nodes it refs
     * @param macro     for a macro call, where the macro is declared; otherwise {@code null}
     */
    public record Rendered(String sql, List<String> dependsOn, SourcePosition macro) {
    }

    private final RenderContext ctx;
    private final TemplateEngine engine;

    /** @param ctx what rendering needs; @param engine the project's templates and macros */
    public AdHocTemplate(RenderContext ctx, TemplateEngine engine) {
        this.ctx = ctx;
        this.engine = engine;
    }

    /**
     * Renders {@code text} as a template named {@code name} (the name positions in errors use).
     *
     * @throws KilnException ({@link ErrorCode#PROJECT_INVALID}) with the problem's line and column
     */
    public Rendered render(String name, String text) {
        Node node = node(name, text);
        List<Diagnostic> problems = new ArrayList<>(engine.macroProblems());
        KilnException.throwIfErrors(problems);
        if (!Renderer.jinjaFree(text, Path.of(name), problems)) {
            KilnException.throwIfErrors(problems);
        }
        RenderScope scope = new RenderScope(ctx, node, new RelationNamer(ctx.target(), ctx.dialect()));
        StringWriter out = new StringWriter();
        try {
            engine.parse(name, text).process(scope, out);
        } catch (ParseException e) {
            throw failure(Diagnostic.error("template-syntax", new SourcePosition(Path.of(name), Math.max(1, e.getLineNumber()),
                    Math.max(1, e.getColumnNumber())), "Template syntax error: " + e.getEditorMessage(), null));
        } catch (TemplateException e) {
            throw failure(Renderer.templateError(node, e));
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, e.getMessage(), e);
        }
        return new Rendered(out.toString(), scope.dependsOn(), null);
    }

    /**
     * Calls a macro of the project's macro files (a {@code <#macro>}, whose output is the SQL,
     * or a {@code <#function>}, whose return value is) with named arguments, as
     * {@code kiln run-operation NAME --args '{…}'} does. A package's macro is named
     * {@code package.name}.
     *
     * @param name the macro's name
     * @param args its arguments by parameter name
     * @throws KilnException ({@link ErrorCode#USAGE}) for an unknown macro or argument;
     *                       ({@link ErrorCode#PROJECT_INVALID}) for an error in the macro, at its line
     */
    public Rendered call(String name, Map<String, Object> args) {
        Node node = node("run-operation", "");
        KilnException.throwIfErrors(engine.macroProblems());
        RenderScope scope = new RenderScope(ctx, node, new RelationNamer(ctx.target(), ctx.dialect()));
        try {
            scope.put(ARGS, args);
            Template probe = engine.parse("run-operation", "");
            Environment env = probe.createProcessingEnvironment(scope, Writer.nullWriter());
            env.process(); // runs the auto-includes: every macro file's macros land in the main namespace
            Macro macro = find(env, name);
            SourcePosition at = new SourcePosition(Path.of(macro.getTemplate().getSourceName()), macro.getBeginLine(),
                    macro.getBeginColumn());
            String call = callText(name, macro, args, at);
            StringWriter out = new StringWriter();
            engine.parse("run-operation", call).process(scope, out);
            return new Rendered(out.toString(), scope.dependsOn(), at);
        } catch (ParseException e) {
            throw failure(Diagnostic.error("template-syntax", SourcePosition.of(Path.of(String.valueOf(e.getTemplateName()))),
                    "Template syntax error: " + e.getEditorMessage(), null));
        } catch (TemplateException e) {
            throw failure(Renderer.templateError(node, e));
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, e.getMessage(), e);
        }
    }

    /** The template text that calls the macro with the given arguments. */
    private static String callText(String name, Macro macro, Map<String, Object> args, SourcePosition at) {
        List<String> params = List.of(macro.getArgumentNames());
        for (String arg : args.keySet()) {
            if (!params.contains(arg)) {
                throw new KilnException(ErrorCode.USAGE, "Macro '" + name + "' (" + at + ") has no parameter '" + arg
                        + "'. " + Suggest.didYouMean(arg, params, params.isEmpty() ? "It takes no arguments."
                        : "Its parameters: " + String.join(", ", params) + "."));
            }
        }
        StringBuilder sb = new StringBuilder();
        if (macro.isFunction()) {
            // a function takes its arguments by position: pass them up to the last one given
            int last = -1;
            for (int i = 0; i < params.size(); i++) {
                if (args.containsKey(params.get(i))) {
                    last = i;
                }
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i <= last; i++) {
                if (!args.containsKey(params.get(i))) {
                    throw new KilnException(ErrorCode.USAGE, "Function '" + name + "' (" + at + ") takes its arguments in "
                            + "order: give '" + params.get(i) + "' too, since a later one is given.");
                }
                values.add(ARGS + "['" + params.get(i) + "']");
            }
            sb.append("${").append(name).append('(').append(String.join(", ", values)).append(")}");
        } else {
            sb.append("<@").append(name);
            args.keySet().forEach(a -> sb.append(' ').append(a).append('=').append(ARGS).append("['").append(a).append("']"));
            sb.append(" />");
        }
        return sb.toString();
    }

    /** The macro or function {@code name} ({@code ns.name} for a package's), or a usage error naming the ones there are. */
    private static Macro find(Environment env, String name) throws TemplateModelException {
        int dot = name.indexOf('.');
        TemplateModel found = null;
        if (dot < 0) {
            found = env.getMainNamespace().get(name);
        } else if (env.getMainNamespace().get(name.substring(0, dot)) instanceof TemplateHashModel ns) {
            found = ns.get(name.substring(dot + 1));
        }
        if (found instanceof Macro m) {
            return m;
        }
        TreeSet<String> names = new TreeSet<>();
        collect(env.getMainNamespace(), "", names);
        throw new KilnException(ErrorCode.USAGE, "No macro named '" + name + "' in the project's macro files. "
                + Suggest.didYouMean(name, names, names.isEmpty() ? "The project has no macros: write one in macros/*.ftl, "
                + "e.g. <#macro grant_select role>grant select on … to ${role}</#macro>."
                : "Macros: " + String.join(", ", names) + "."));
    }

    private static void collect(TemplateHashModelEx ns, String prefix, TreeSet<String> names) throws TemplateModelException {
        for (TemplateModelIterator it = ns.keys().iterator(); it.hasNext(); ) {
            TemplateModel k = it.next();
            String key = k instanceof TemplateScalarModel s ? s.getAsString() : String.valueOf(k);
            TemplateModel v = ns.get(key);
            if (v instanceof Macro) {
                names.add(prefix + key);
            } else if (prefix.isEmpty() && v instanceof freemarker.core.Environment.Namespace sub) {
                collect(sub, key + ".", names);
            }
        }
    }

    private Node node(String name, String text) {
        Path file = Path.of(name);
        String project = ctx.project().name();
        return new Node("sql_operation." + project + "." + name.replaceAll("[^A-Za-z0-9_]", "_"), ResourceType.MODEL,
                name, new NodeOrigin(file, SourcePosition.of(file), List.of(project, name)), text, NodeConfig.EMPTY,
                new NodeDocs(null, List.of()), null);
    }

    private static KilnException failure(Diagnostic d) {
        return new KilnException(ErrorCode.PROJECT_INVALID, d.message(), List.of(d));
    }
}
