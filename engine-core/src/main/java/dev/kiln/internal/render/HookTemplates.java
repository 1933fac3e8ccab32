package dev.kiln.internal.render;

import dev.kiln.CompiledProject;
import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.Hook;
import dev.kiln.KilnException;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.internal.load.ConfigKeys;
import freemarker.core.ParseException;
import freemarker.template.TemplateException;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders hooks ({@code pre_hook}, {@code post_hook}, {@code on-run-start}, {@code on-run-end})
 * when they run, as dbt does: each is a FreeMarker template seen from its node ({@code ${this}},
 * {@code ref()}, {@code var()}, macros), its relations resolved against the compiled project.
 * {@link #check} finds the problems that can be found before anything runs.
 */
public final class HookTemplates {

    private final RenderContext ctx;
    private final TemplateEngine engine;
    private final RelationNamer namer;

    /** @param ctx what rendering needs (the run's); @param engine the project's FreeMarker configuration */
    public HookTemplates(RenderContext ctx, TemplateEngine engine) {
        this.ctx = ctx;
        this.engine = engine;
        this.namer = new RelationNamer(ctx.target(), ctx.dialect());
    }

    /** A node's {@code pre_hook} or {@code post_hook} (key), in order; the config was checked when compiling. */
    public static List<Hook> of(Node node, String key) {
        return Hook.of(node.config().values().get(key), node.origin().position());
    }

    /**
     * The SQL of one hook, relations resolved.
     *
     * @param node     the node the hook belongs to (a synthetic one for project hooks)
     * @param hook     the hook
     * @param label    what to call it in an error: {@code post_hook 2 of model 'x'}
     * @param extra    further variables ({@code results}, {@code schemas})
     * @param compiled resolves {@code ${this}} and {@code ref()}
     * @return the SQL to run
     * @throws KilnException ({@link ErrorCode#EXECUTION_FAILED}) when the template fails
     */
    public String render(Node node, Hook hook, String label, Map<String, Object> extra, CompiledProject compiled) {
        RenderScope scope = new RenderScope(ctx, node, namer);
        StringWriter out = new StringWriter();
        try {
            for (Map.Entry<String, Object> e : extra.entrySet()) {
                scope.put(e.getKey(), e.getValue());
            }
            engine.parse(node.origin().path() + " (" + label + ")", hook.sql()).process(scope, out);
        } catch (ParseException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, hook.position() + ": " + label
                    + " does not parse: " + e.getEditorMessage());
        } catch (TemplateException | IOException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, hook.position() + ": " + label + " failed to render: "
                    + Renderer.withoutWrapper(firstLine(e.getMessage())));
        }
        return Placeholders.replace(out.toString(), id -> compiled.node(id)
                .filter(n -> n.relation() != null)
                .map(n -> ctx.dialect().render(n.relation())).orElse(id)).strip();
    }

    /**
     * The problems of a node's hooks found without running them: a value of the wrong shape, a
     * template that does not parse. Each names the node's file.
     */
    static List<Diagnostic> check(Node node, NodeConfig config, TemplateEngine engine) {
        List<Diagnostic> out = new ArrayList<>();
        for (String key : ConfigKeys.HOOKS) {
            Object value = config.values().get(key);
            if (value == null) {
                continue;
            }
            List<Hook> hooks;
            try {
                hooks = Hook.of(value, node.origin().position());
            } catch (IllegalArgumentException e) {
                out.add(Diagnostic.error("bad-hook", node.origin().position(), key + " of " + node.resourceType().dbtName()
                        + " '" + node.name() + "': " + e.getMessage() + ".",
                        "Write " + key + "=\"grant select on ${this} to reporter\", or a list of such statements."));
                continue;
            }
            for (int i = 0; i < hooks.size(); i++) {
                try {
                    engine.parse(node.origin().path() + " (" + key + ")", hooks.get(i).sql());
                } catch (ParseException e) {
                    out.add(Diagnostic.error("template-syntax", node.origin().position(), key + " " + (i + 1) + " of "
                            + node.resourceType().dbtName() + " '" + node.name() + "' does not parse: "
                            + e.getEditorMessage(), null));
                } catch (IOException e) {
                    out.add(Diagnostic.error("template-error", node.origin().position(), e.getMessage(), null));
                }
            }
        }
        return out;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "an error";
        }
        String m = message.strip();
        int cut = m.indexOf("\n----");
        m = cut < 0 ? m : m.substring(0, cut);
        cut = m.indexOf("\n\n");
        return (cut < 0 ? m : m.substring(0, cut)).replace('\n', ' ').strip();
    }
}
