package dev.kiln.cli;

import dev.kiln.CompiledNode;
import dev.kiln.Kiln;
import dev.kiln.ResourceType;
import dev.kiln.Selection;
import dev.kiln.spi.QueryResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code kiln show -s MODEL}: runs one model's compiled SELECT (or reads a seed's table) and
 * prints its first rows as a table; nothing is written to the warehouse.
 */
@Command(name = "show",
        description = "Preview the first rows of one model or seed (-s NAME) without building it.")
public final class ShowCommand extends KilnSubcommand {

    @Mixin
    SelectionOptions selection;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "5",
            description = "How many rows to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    protected int execute(Terminal terminal) {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit + ".");
        }
        Selection chosen = selection.toSelection();
        if (chosen.isAll()) {
            throw new ParameterException(spec.commandLine(), "Name the model to show: kiln show -s MODEL.");
        }
        try (Kiln kiln = load(terminal)) {
            QueryResult rows = kiln.show(chosen, limit);
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
