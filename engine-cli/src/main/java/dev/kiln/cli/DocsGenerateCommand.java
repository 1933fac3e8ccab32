package dev.kiln.cli;

import dev.kiln.Kiln;
import dev.kiln.docs.DocsSite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * {@code kiln docs generate}: compiles the project, reads the catalog from the warehouse and
 * writes {@code target/catalog.json} and the static site {@code target/docs/index.html}.
 */
@Command(name = "generate", description = "Write the docs site (target/docs/index.html, opens from file://) "
        + "and target/catalog.json (column types and row counts read from the warehouse).")
public final class DocsGenerateCommand extends KilnSubcommand {

    @Option(names = "--empty-catalog", description = "Do not connect to the warehouse: an empty catalog.json, "
            + "and the columns YAML and the analysis know.")
    boolean emptyCatalog;

    @Override
    protected int execute(Terminal terminal) {
        try (Kiln kiln = load(terminal)) {
            terminal.progress(emptyCatalog ? "Writing the docs site …" : "Reading the catalog and writing the docs site …");
            DocsSite.Result r = DocsSite.generate(kiln, new DocsSite.Options(emptyCatalog));
            terminal.println("Catalog: " + NodeCounts.plural(r.catalog().nodes().size(), "node") + " and "
                    + NodeCounts.plural(r.catalog().sources().size(), "source") + " found in the warehouse; written to "
                    + r.catalogFile());
            terminal.println("Docs site: " + NodeCounts.plural(r.nodes(), "node") + " in " + String.format(Locale.ROOT,
                    "%.1f s", (r.compile().toMillis() + r.readCatalog().toMillis() + r.write().toMillis()) / 1000.0)
                    + ". Open " + r.index().toUri() + " (no server needed), or run kiln docs serve.");
            return 0;
        }
    }
}
