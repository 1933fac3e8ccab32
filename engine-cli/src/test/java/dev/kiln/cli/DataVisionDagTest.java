package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** DataVision's Airflow DAG (the example of docs/production.md), checked against its Kiln DAG. */
class DataVisionDagTest {

    private static final Path DATAVISION = Path.of("..", "datavision-project");

    @TempDir
    Path target;

    @Test
    void everyNodeHasItsTaskAndEveryDependencyItsEdge() throws Exception {
        CliRun run = CliRun.kiln("--project-dir", DATAVISION.toString(), "--target", "prod",
                "--target-path", target.toString(), "dag", "airflow");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode shape = DagAirflowCommandTest.shape(run.out());
        assertThat(shape.get("dag").get("dag_id").asText()).isEqualTo("datavision");
        assertThat(shape.get("dag").get("schedule").asText()).isEqualTo("0 5 * * *");
        assertThat(shape.get("constants").get("KILN_OPTIONS").toString()).isEqualTo("[\"--target\",\"prod\"]");

        Map<String, String> builtIn = new java.util.HashMap<>();
        Map<String, String> testedIn = new java.util.HashMap<>();
        shape.get("groups").fields().forEachRemaining(g -> {
            JsonNode tasks = g.getValue().get("tasks");
            if (tasks.has("build")) {
                List<String> cmd = strings(tasks.get("build").get("command"));
                cmd.subList(2, cmd.indexOf("--exclude")).forEach(n -> builtIn.put(n, g.getKey()));
                assertThat(tasks.get("build").get("retries").asText()).isEqualTo("RETRIES");
            }
            if (tasks.has("test")) {
                strings(tasks.get("test").get("command")).stream().skip(2).forEach(n -> testedIn.put(n, g.getKey()));
                assertThat(tasks.get("test").get("retries").asInt()).isZero();
            }
        });
        Set<List<String>> edges = new HashSet<>();
        shape.get("edges").forEach(e -> edges.add(List.of(e.get(0).asText(), e.get(1).asText())));

        try (Kiln kiln = Kiln.configure().projectDir(DATAVISION).target("prod").targetPath(target).load()) {
            CompiledProject compiled = kiln.compile();
            Set<String> built = compiled.nodes().stream()
                    .filter(n -> n.resourceType() == ResourceType.SEED || n.resourceType() == ResourceType.SNAPSHOT
                            || n.resourceType() == ResourceType.MODEL && !"ephemeral".equals(n.config().materialized()))
                    .map(CompiledNode::name).collect(Collectors.toSet());
            Set<String> tests = compiled.nodes().stream()
                    .filter(n -> n.resourceType() == ResourceType.TEST || n.resourceType() == ResourceType.UNIT_TEST)
                    .map(CompiledNode::name).collect(Collectors.toSet());
            assertThat(builtIn.keySet()).containsExactlyInAnyOrderElementsOf(built);
            assertThat(testedIn.keySet()).containsExactlyInAnyOrderElementsOf(tests);
            for (CompiledNode n : compiled.nodes()) {
                if (!built.contains(n.name())) {
                    continue;
                }
                for (String parent : compiled.parents(n.uniqueId())) {
                    compiled.node(parent).filter(p -> built.contains(p.name())).ifPresent(p ->
                            assertThat(edges).as(p.name() + " → " + n.name())
                                    .contains(List.of(builtIn.get(p.name()), builtIn.get(n.name()))));
                }
            }
            // a test runs after every node it reads
            for (CompiledNode t : compiled.nodes()) {
                if (t.resourceType() != ResourceType.TEST) {
                    continue;
                }
                String group = testedIn.get(t.name());
                for (String parent : compiled.parents(t.uniqueId())) {
                    compiled.node(parent).filter(p -> built.contains(p.name())).ifPresent(p -> {
                        String from = builtIn.get(p.name());
                        assertThat(from.equals(group) || upstream(edges, from, group))
                                .as(t.name() + " after " + p.name()).isTrue();
                    });
                }
            }
        }
    }

    private static boolean upstream(Set<List<String>> edges, String from, String to) {
        Set<String> seen = new HashSet<>();
        java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(from));
        while (!queue.isEmpty()) {
            String g = queue.poll();
            for (List<String> e : edges) {
                if (e.get(0).equals(g) && seen.add(e.get(1))) {
                    if (e.get(1).equals(to)) {
                        return true;
                    }
                    queue.add(e.get(1));
                }
            }
        }
        return false;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
