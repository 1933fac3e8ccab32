package dev.kiln.cli;

import dev.kiln.CompiledNode;
import dev.kiln.Kiln;
import dev.kiln.ResourceType;
import dev.kiln.Selection;
import dev.kiln.QueryRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code kiln show -s MODEL}: runs one model's compiled SELECT (or reads a seed's table) and
 * prints its first rows as a table; nothing is written to the warehouse. {@code kiln show --inline SQL}
 * does the same for an ad-hoc query, templated like a model ({@code ${ref('x')}}, vars, macros).
 */
@Command(name = "show",
        description = "Preview the first rows of one model or seed (-s NAME), or of a query (--inline SQL), "
                + "without building anything.")
public final class ShowCommand extends KilnSubcommand {

    @Mixin
    SelectionOptions selection;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "5",
            description = "How many rows to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--inline", paramLabel = "SQL",
            description = "A query to preview instead of a model, templated like one: --inline \"select * from ${ref('dim_users')}\".")
    String inline;

    @Override
    protected int execute(Terminal terminal) {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit + ".");
        }
        Selection chosen = selection.toSelection();
        if (inline != null) {
            if (!chosen.isAll()) {
                throw new ParameterException(spec.commandLine(), "Give either -s MODEL or --inline SQL, not both.");
            }
            if (inline.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--inline needs a query: --inline \"select …\".");
            }
            try (Kiln kiln = load(terminal)) {
                QueryRows rows = kiln.showInline(inline, limit);
                terminal.println("Previewing inline query (" + (rows.truncated() ? "first " : "")
                        + NodeCounts.plural(rows.rows().size(), "row") + "):");
                terminal.println("");
                terminal.println(ResultTable.format(rows));
            }
            return 0;
        }
        if (chosen.isAll()) {
            throw new ParameterException(spec.commandLine(), "Name the model to show: kiln show -s MODEL (or give a query: kiln show --inline SQL).");
        }
        try (Kiln kiln = load(terminal)) {
            QueryRows rows = kiln.show(chosen, limit);
            String name = kiln.list(chosen).stream()
                    .filter(n -> n.resourceType() != ResourceType.TEST || n.relation() != null)
                    .map(CompiledNode::name).findFirst().orElse(String.join(" ", chosen.select()));
            terminal.println("Previewing " + name + " (" + (rows.truncated() ? "first " : "")
                    + NodeCounts.plural(rows.rows().size(), "row") + "):");
            terminal.println("");
            terminal.println(ResultTable.format(rows));
        }
        return 0;
    }
}
