package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.ExecutionPlan;
import dev.kiln.KilnListener;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The order in which the scheduler starts ready steps (one thread, so the order is exact; not timed). */
class CriticalPathSchedulingTest {

    private static final KilnListener QUIET = new KilnListener() {
    };

    /** Six independent models listed first, then a chain of four: the example. */
    private static List<CompiledNode> chainAndSix() {
        List<CompiledNode> nodes = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            nodes.add(SimulatedSteps.model("i" + i, List.of()));
        }
        nodes.add(SimulatedSteps.model("c1", List.of()));
        nodes.add(SimulatedSteps.model("c2", List.of("model.sim.c1")));
        nodes.add(SimulatedSteps.model("c3", List.of("model.sim.c2")));
        nodes.add(SimulatedSteps.model("c4", List.of("model.sim.c3")));
        return nodes;
    }

    private static List<String> order(ExecutionPlan plan, StepCosts costs) {
        SimulatedSteps steps = new SimulatedSteps(Map.of());
        RunResults r = new Scheduler(plan, steps, new Scheduler.Settings(1, false, costs), QUIET).run();
        assertThat(r.results()).allSatisfy(n -> assertThat(n.status()).isEqualTo(NodeStatus.SUCCESS));
        return steps.started();
    }

    @Test
    void theLongestRemainingPathStartsFirstThenPlanOrderBreaksTies() {
        assertThat(order(SimulatedSteps.plan(chainAndSix()), StepCosts.estimates()))
                // c1 (4 tables to go), c2 (3), c3 (2); then c4 ties with the independent ones (1): plan order
                .containsExactly("c1", "c2", "c3", "i1", "i2", "i3", "i4", "i5", "i6", "c4");
    }

    @Test
    void measuredDurationsOutweighTheShapeOfTheGraph() {
        // i4 took 10 s last time; the chain's steps 0.1 s each: i4 is now the critical path
        Map<String, Double> measured = Map.of("model.sim.i4", 10.0, "model.sim.c1", 0.1, "model.sim.c2", 0.1,
                "model.sim.c3", 0.1, "model.sim.c4", 0.1, "model.sim.i1", 0.5);
        // unmeasured models (i2, i3, i5, i6) count as the median measured model (0.1 s)
        assertThat(order(SimulatedSteps.plan(chainAndSix()), StepCosts.of(measured)))
                .containsExactly("i4", "i1", "c1", "c2", "c3", "i2", "i3", "i5", "i6", "c4"); // c4 ties with i2… at 0.1: plan order
    }

    @Test
    void aDiamondWeighsItsHeaviestBranch() {
        // a → {b, c} → d, and e alone; c is slow, so after a: c before b; then d and e tie (1 s): plan order
        List<CompiledNode> nodes = List.of(
                SimulatedSteps.model("e", List.of()),
                SimulatedSteps.model("a", List.of()),
                SimulatedSteps.model("b", List.of("model.sim.a")),
                SimulatedSteps.model("c", List.of("model.sim.a")),
                SimulatedSteps.model("d", List.of("model.sim.b", "model.sim.c")));
        Map<String, Double> measured = Map.of("model.sim.a", 1.0, "model.sim.b", 1.0, "model.sim.c", 5.0,
                "model.sim.d", 1.0, "model.sim.e", 1.0);
        assertThat(order(SimulatedSteps.plan(nodes), StepCosts.of(measured))).containsExactly("a", "c", "b", "e", "d");
        double[] p = CriticalPath.priorities(SimulatedSteps.plan(nodes), StepCosts.of(measured)::of);
        assertThat(p).containsExactly(1.0, 7.0, 2.0, 6.0, 1.0);
    }

    @Test
    void durationsAreReadFromThePreviousRunResultsAndAnUnreadableFileMeansEstimates(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("run_results.json"), """
                {"metadata": {"dbt_schema_version": "x"}, "results": [
                  {"status": "success", "unique_id": "model.sim.c1", "timing": [], "execution_time": 2.5,
                   "adapter_response": {"rows": [1, 2]}},
                  {"unique_id": "model.sim.i1", "execution_time": 0.25, "message": "OK"}
                ], "elapsed_time": 3.0, "args": {"which": "run"}}
                """);
        StepCosts costs = StepCosts.fromPreviousRun(dir);
        assertThat(costs.measuredAny()).isTrue();
        assertThat(costs.of(SimulatedSteps.model("c1", List.of()))).isEqualTo(2.5);
        assertThat(costs.of(SimulatedSteps.model("i1", List.of()))).isEqualTo(0.25);
        assertThat(costs.of(SimulatedSteps.model("new", List.of()))).isEqualTo(2.5); // the median measured model

        Files.writeString(dir.resolve("run_results.json"), "{\"results\": [{\"unique_id\": ");
        StepCosts broken = StepCosts.fromPreviousRun(dir);
        assertThat(broken.measuredAny()).isFalse();
        assertThat(broken.of(SimulatedSteps.model("c1", List.of()))).isEqualTo(1.0); // a table's estimate
        assertThat(StepCosts.fromPreviousRun(dir.resolve("missing")).measuredAny()).isFalse();
    }

    @Test
    void aFailureStillSkipsWhatWaitsOnItWhateverTheOrder() {
        List<CompiledNode> nodes = chainAndSix();
        StepExecutor failingC2 = new StepExecutor() {
            @Override
            public dev.kiln.NodeResult run(CompiledNode node) {
                if (node.name().equals("c2")) {
                    return new dev.kiln.NodeResult(node.uniqueId(), NodeStatus.ERROR, java.time.Instant.now(),
                            java.time.Duration.ZERO, "boom", -1, 0, Map.of());
                }
                return new SimulatedSteps(Map.of()).run(node);
            }

            @Override
            public void cancelAll() {
            }
        };
        RunResults r = new Scheduler(SimulatedSteps.plan(nodes), failingC2, new Scheduler.Settings(2, false,
                StepCosts.estimates()), QUIET).run();
        Map<String, NodeStatus> status = new java.util.HashMap<>();
        r.results().forEach(n -> status.put(n.uniqueId(), n.status()));
        assertThat(status).containsEntry("model.sim.c2", NodeStatus.ERROR)
                .containsEntry("model.sim.c3", NodeStatus.SKIPPED).containsEntry("model.sim.c4", NodeStatus.SKIPPED)
                .containsEntry("model.sim.i6", NodeStatus.SUCCESS);
    }
}
