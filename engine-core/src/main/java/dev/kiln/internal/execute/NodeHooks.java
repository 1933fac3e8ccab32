package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.Hook;
import dev.kiln.KilnException;
import dev.kiln.internal.render.HookTemplates;
import dev.kiln.spi.Session;

import java.util.List;
import java.util.Map;

/**
 * Runs a model's, seed's or snapshot's {@code pre_hook} and {@code post_hook} as dbt does:
 * rendered when they run, on the node's own session, the ones with {@code transaction: true}
 * (the default) inside the transaction of its build, the others before it begins or after it
 * commits. A failing hook throws, so the node ends in error and what depends on it is skipped;
 * a failing post-hook inside the transaction rolls the build back.
 */
public final class NodeHooks {

    /** The config key of the hooks before a build. */
    public static final String PRE = "pre_hook";

    /** The config key of the hooks after a build. */
    public static final String POST = "post_hook";

    private final HookTemplates templates;
    private final CompiledProject compiled;

    /** @param templates renders hooks; @param compiled resolves their relations */
    public NodeHooks(HookTemplates templates, CompiledProject compiled) {
        this.templates = templates;
        this.compiled = compiled;
    }

    /**
     * Runs the hooks {@code key} of {@code node} that run inside the transaction ({@code inside})
     * or outside it, in order.
     *
     * @throws KilnException ({@link ErrorCode#EXECUTION_FAILED}) naming the hook when one fails
     */
    void run(CompiledNode node, String key, boolean inside, Session session) {
        List<Hook> hooks = HookTemplates.of(node.node(), key);
        for (int i = 0; i < hooks.size(); i++) {
            Hook hook = hooks.get(i);
            if (hook.transaction() != inside) {
                continue;
            }
            String label = key + " " + (i + 1) + " of " + node.resourceType().dbtName() + " '" + node.name() + "'";
            String sql = templates.render(node.node(), hook, label, Map.of(), compiled);
            try {
                session.execute(sql);
            } catch (RuntimeException e) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, label + " failed: " + StepRunner.message(e), e);
            }
        }
    }

    /** Whether {@code node} has any hook. */
    public static boolean any(CompiledNode node) {
        return node.config().values().containsKey(PRE) || node.config().values().containsKey(POST);
    }
}
