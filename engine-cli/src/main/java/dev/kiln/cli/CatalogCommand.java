package dev.kiln.cli;

import dev.kiln.Kiln;
import dev.kiln.docs.CatalogJson;
import dev.kiln.docs.DocsSite;
import picocli.CommandLine.Command;

import java.nio.file.Path;

/**
 * {@code kiln catalog}: reads what the warehouse says about every model, seed, snapshot and
 * source relation (columns, types, statistics) and writes dbt's {@code target/catalog.json}.
 */
@Command(name = "catalog", description = "Write target/catalog.json (dbt's catalog v1): column types and "
        + "row counts of the project's relations, read from the warehouse.")
public final class CatalogCommand extends KilnSubcommand {

    @Override
    protected int execute(Terminal terminal) {
        try (Kiln kiln = load(terminal)) {
            terminal.progress("Reading the catalog …");
            CatalogJson catalog = CatalogJson.read(kiln);
            Path file = kiln.targetDir().resolve(DocsSite.CATALOG);
            catalog.write(file);
            terminal.println("Catalog: " + NodeCounts.plural(catalog.nodes().size(), "node") + " and "
                    + NodeCounts.plural(catalog.sources().size(), "source") + " found in the warehouse; written to " + file);
            return 0;
        }
    }
}
