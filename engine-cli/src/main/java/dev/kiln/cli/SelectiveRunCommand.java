package dev.kiln.cli;

import dev.kiln.Command;
import dev.kiln.CompiledNode;
import dev.kiln.ExecutionPlan;
import dev.kiln.Kiln;
import dev.kiln.Node;
import dev.kiln.ResourceType;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A command that runs the selected nodes ({@code -s/--select}, {@code --exclude}): {@code run},
 * {@code seed}, {@code test}, {@code build} and {@code snapshot} differ only in their
 * {@link Command}. Plans first (without the warehouse, so a broken project fails with exit
 * code 2 before anything runs) to say what was found, then executes.
 */
abstract class SelectiveRunCommand extends RunningCommand {

    @Mixin
    SelectionOptions selection;

    /** The command to run. */
    protected abstract Command command();

    @Override
    protected final RunResults start(Kiln kiln, Terminal terminal) {
        Selection chosen = selection.toSelection();
        ExecutionPlan plan = kiln.plan(command(), chosen);
        List<ResourceType> types = new ArrayList<>();
        plan.steps().forEach(s -> types.add(s.node().resourceType()));
        for (int i = unitTests(kiln, chosen); i > 0; i--) {
            types.add(ResourceType.UNIT_TEST);
        }
        if (!types.isEmpty()) {
            terminal.progress("Found " + NodeCounts.byType(types) + "." + System.lineSeparator());
        }
        return kiln.execute(command(), chosen, flags.toRunOptions());
    }

    /** How many unit tests the run adds: those of the selected models (the plan leaves them out). */
    private int unitTests(Kiln kiln, Selection chosen) {
        if (!command().runs(ResourceType.UNIT_TEST) || kiln.project().unitTests().isEmpty()) {
            return 0;
        }
        Set<String> selected = new HashSet<>();
        kiln.list(chosen).stream().map(CompiledNode::uniqueId).forEach(selected::add);
        return (int) kiln.project().unitTests().values().stream()
                .filter(u -> kiln.project().refable(u.model()).map(Node::uniqueId).filter(selected::contains).isPresent())
                .count();
    }
}
