package dev.kiln.cli;

import dev.kiln.CloneMode;
import dev.kiln.CloneResult;
import dev.kiln.Kiln;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln clone -s … --state DIR}: dbt's {@code clone}. Makes each selected model, seed and
 * snapshot exist in the target by pointing it at its relation in the {@code --state} run: a view
 * selecting from it, or (when that relation lives in another database, or {@code --as table}) a
 * table copy. Relations the target already has are kept unless {@code --full-refresh}. Nothing is
 * built from the models' SQL.
 */
@Command(name = "clone",
        description = "Create the selected models, seeds and snapshots in the target as views on (or copies of) "
                + "their relations in the --state run; existing relations are kept unless --full-refresh.")
public final class CloneCommand extends KilnSubcommand {

    @Mixin
    SelectionOptions selection;

    @Option(names = "--full-refresh", description = "Replace relations the target already has.")
    boolean fullRefresh;

    @Option(names = "--as", paramLabel = "KIND", defaultValue = "auto",
            description = "auto (default): a view when the state's relation is in the target's database, otherwise a "
                    + "table copy; view; or table.")
    CloneMode mode;

    @Override
    protected int execute(Terminal terminal) {
        if (options().state == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "clone needs --state DIR: the target "
                    + "directory of the run to clone from (production's, say), which holds its manifest.json.");
        }
        try (Kiln kiln = load(terminal)) {
            terminal.progress("Cloning into target " + kiln.target().name() + " (" + kiln.target().type() + ") from "
                    + Terminal.display(options().state) + ".");
            CloneResult result = kiln.clone(selection.toSelection(), mode, fullRefresh, c -> terminal.progress(line(c)));
            if (result.nodes().isEmpty()) {
                terminal.progress("Nothing to clone: the selection holds no models, seeds or snapshots.");
                return 0;
            }
            long skipped = result.nodes().size() - result.cloned();
            terminal.progress(terminal.style().green("Cloned " + NodeCounts.plural((int) result.cloned(), "relation")
                    + (skipped > 0 ? ", skipped " + skipped : "") + "."));
        }
        return 0;
    }

    private static String line(CloneResult.Cloned c) {
        String name = c.node().resourceType().dbtName() + " " + c.target().displayName();
        return switch (c.action()) {
            case VIEW -> "OK view " + name + " → " + full(c.from());
            case TABLE -> "OK table " + name + " (a copy of " + full(c.from()) + ")";
            case SKIPPED -> "SKIP " + name + ": " + c.reason();
        };
    }

    private static String full(dev.kiln.Relation r) {
        return (r.database() == null ? "" : r.database() + ".") + r.displayName();
    }
}
