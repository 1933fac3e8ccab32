package dev.kiln.internal.pipeline;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Diagnostic;
import dev.kiln.Selection;
import dev.kiln.internal.select.SelectionOutcome;
import dev.kiln.internal.select.Selector;

import java.util.List;

/**
 * The select stage: the nodes a selection picks (dbt's syntax, {@code state:} against the
 * {@code --state} manifest), parents before children. A spec that matches nothing is a warning
 * ({@code nothing-selected}) naming it, with a did-you-mean.
 */
public final class SelectStage {

    private final KilnContext ctx;

    /** The select stage of {@code ctx}. */
    public SelectStage(KilnContext ctx) {
        this.ctx = ctx;
    }

    /** The nodes {@code selection} picks from {@code compiled}; warns of each spec that matched nothing. */
    public List<CompiledNode> choose(CompiledProject compiled, Selection selection) {
        SelectionOutcome outcome = new Selector(compiled, ctx.state()).evaluate(selection);
        List<Diagnostic> warnings = outcome.unmatched().stream().map(u -> Diagnostic.warning("nothing-selected", null,
                "The selection criterion '" + u.spec() + "' (" + (u.exclude() ? "--exclude" : "--select")
                        + ") does not match any enabled nodes.",
                u.hint() != null ? u.hint() : "List what there is with 'kiln ls'; see docs/selection.md for the syntax."))
                .toList();
        ctx.warn(warnings);
        return outcome.nodes();
    }
}
