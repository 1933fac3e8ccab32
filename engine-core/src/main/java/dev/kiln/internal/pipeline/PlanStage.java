package dev.kiln.internal.pipeline;

import dev.kiln.Command;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ExecutionPlan;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.Project;
import dev.kiln.ResourceType;
import dev.kiln.TestMetadata;
import dev.kiln.UnitTestSpec;
import dev.kiln.internal.plan.Planner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan stage: the ordered steps a command runs on the chosen nodes, with the unit tests of
 * the chosen models when the command runs unit tests.
 */
public final class PlanStage {

    private final Project project;

    /** The plan stage of {@code project}. */
    public PlanStage(Project project) {
        this.project = project;
    }

    /** What {@code command} runs on {@code chosen} (and their unit tests), planned on {@code compiled}. */
    public ExecutionPlan plan(CompiledProject compiled, Command command, List<CompiledNode> chosen) {
        return new Planner(compiled).plan(command, withUnitTests(command, chosen));
    }

    /** {@code chosen}, preceded by their models' unit tests when {@code command} runs unit tests. */
    public List<CompiledNode> withUnitTests(Command command, List<CompiledNode> chosen) {
        if (!command.runs(ResourceType.UNIT_TEST)) {
            return chosen;
        }
        List<CompiledNode> all = new ArrayList<>(unitTestNodes(chosen));
        all.addAll(chosen);
        return all;
    }

    /** Unit tests of the chosen models, as plan nodes attached to their model. */
    private List<CompiledNode> unitTestNodes(List<CompiledNode> chosen) {
        Set<String> models = new HashSet<>();
        chosen.forEach(n -> models.add(n.uniqueId()));
        List<CompiledNode> out = new ArrayList<>();
        for (UnitTestSpec u : project.unitTests().values()) {
            String model = project.refable(u.model()).map(Node::uniqueId).orElse(null);
            if (model != null && models.contains(model)) {
                Node n = new Node(u.uniqueId(), ResourceType.UNIT_TEST, u.name(), u.origin(), "", NodeConfig.EMPTY,
                        new NodeDocs(u.description(), List.of()), new TestMetadata("unit_test", model, null, Map.of()));
                out.add(new CompiledNode(n, "", null, List.of(model), List.of()));
            }
        }
        return out;
    }
}
