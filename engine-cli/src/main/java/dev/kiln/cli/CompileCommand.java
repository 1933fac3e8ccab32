package dev.kiln.cli;

import dev.kiln.CompileSummary;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code kiln compile}: renders and links every node and writes {@code target/compiled/**}
 * and {@code target/manifest.json}. With {@code --select}/{@code --exclude} it also lists
 * the selected nodes. It first prints dbt's {@code Found …} line, the project's totals.
 */
@Command(name = "compile",
        description = "Render every model and test to SQL; write target/compiled/ and target/manifest.json.")
public final class CompileCommand extends KilnSubcommand {

    @Mixin
    SelectionOptions selection;

    @Override
    protected int execute(Terminal terminal) {
        long start = System.nanoTime();
        if (selection.toSelection().isAll() && options().logFormat() == LogFormat.TEXT) {
            Optional<CompileSummary> current = options().builder(new CliListener(terminal, options().debug())).upToDateCompile();
            if (current.isPresent()) { // partial parsing: nothing changed, the artifacts are as written
                CompileSummary c = current.get();
                terminal.println("Found " + c.found().statLine());
                terminal.println(terminal.style().green(String.format(Locale.ROOT, "Compiled %s in %.2fs → %s/",
                        NodeCounts.describe(c.nodes(), c.nodeCount()), (System.nanoTime() - start) / 1e9,
                        Terminal.display(c.targetDir()))));
                return 0;
            }
        }
        try (Kiln kiln = load(terminal)) {
            Selection chosen = selection.toSelection();
            CompiledProject compiled = kiln.compile(chosen);
            terminal.println(NodeCounts.found(compiled));
            List<CompiledNode> selected = chosen.isAll() ? null : kiln.list(chosen);
            if (selected != null) {
                selected.forEach(n -> terminal.println(n.uniqueId()));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String summary = String.format(Locale.ROOT, "Compiled %s in %.2fs → %s/",
                    NodeCounts.describe(compiled), seconds,
                    Terminal.display(kiln.targetDir()));
            terminal.println(terminal.style().green(summary));
            if (selected != null) {
                terminal.println("Selected " + selected.size() + " of " + NodeCounts.plural(compiled.nodes().size(), "node") + ".");
            }
        }
        return 0;
    }
}
