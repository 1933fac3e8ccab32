package dev.kiln.internal.select;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.Project;
import dev.kiln.ProjectConfig;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.SourceTable;
import dev.kiln.TestMetadata;
import dev.kiln.internal.link.DagBuilder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A large compiled project built in memory (rendering 10,000 templates would dominate the
 * test): model {@code m_i} in folder {@code f(i % 20)} reads {@code m_(i-1)} and
 * {@code m_(i/2)}, {@code m_0} reads source {@code raw.events}; tags {@code t(i % 10)}; folder
 * {@code f0} is materialized as tables; every tenth model has a {@code not_null} test.
 */
final class SyntheticProject {

    private SyntheticProject() {
    }

    static CompiledProject build(Path root, int models) {
        ProjectConfig config = new ProjectConfig("big", "1.0.0", root, new ProjectConfig.Paths(List.of("models"),
                List.of("seeds"), List.of("tests"), List.of("macros"), List.of("snapshots"), "target"),
                Map.of(), Map.of(), null);
        String sourceId = "source.big.raw.events";
        Path sourcesYml = Path.of("models/sources.yml");
        SourceTable events = new SourceTable(sourceId, "raw", "events", Relation.of("raw", "events"), null, null,
                Map.of(), NodeDocs.NONE, new NodeOrigin(sourcesYml, SourcePosition.of(sourcesYml), List.of("big", "raw", "events")));
        Map<String, Node> nodes = new LinkedHashMap<>();
        Map<String, CompiledNode> compiled = new LinkedHashMap<>();
        DagBuilder dag = new DagBuilder().node(sourceId);
        List<String[]> edges = new ArrayList<>();
        for (int i = 0; i < models; i++) {
            String folder = "f" + (i % 20);
            String name = "m_" + i;
            Path file = Path.of("models/" + folder + "/" + name + ".sql");
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("tags", List.of("t" + (i % 10)));
            values.put("materialized", folder.equals("f0") ? "table" : "view");
            Node node = new Node("model.big." + name, ResourceType.MODEL, name,
                    new NodeOrigin(file, new SourcePosition(file, 1, 1), List.of("big", folder, name)),
                    "select id from x_" + i, new NodeConfig(values), NodeDocs.NONE, null);
            List<String> deps = i == 0 ? List.of() : List.of("model.big.m_" + (i - 1), "model.big.m_" + (i / 2));
            add(nodes, compiled, dag, new CompiledNode(node, node.rawCode(), Relation.of("main", name), deps.stream().distinct().toList(),
                    i == 0 ? List.of(sourceId) : List.of()), edges);
            if (i % 10 == 0) {
                String testName = "not_null_" + name + "_id";
                Path yml = Path.of("models/" + folder + "/schema.yml");
                Node test = new Node("test.big." + testName, ResourceType.TEST, testName,
                        new NodeOrigin(yml, SourcePosition.of(yml), List.of("big", folder, testName)),
                        "select * from {{ model }} where {{ column_name }} is null", NodeConfig.EMPTY, NodeDocs.NONE,
                        new TestMetadata("not_null", node.uniqueId(), "id", Map.of()));
                add(nodes, compiled, dag, new CompiledNode(test, test.rawCode(), null, List.of(node.uniqueId()), List.of()), edges);
            }
        }
        edges.forEach(e -> dag.edge(e[0], e[1]));
        Project project = new Project(config, nodes, Map.of(sourceId, events), Map.of(), List.of(), List.of());
        return new CompiledProject(project, compiled, dag.build(new ArrayList<>(), id -> null));
    }

    private static void add(Map<String, Node> nodes, Map<String, CompiledNode> compiled, DagBuilder dag, CompiledNode n,
                            List<String[]> edges) {
        nodes.put(n.uniqueId(), n.node());
        compiled.put(n.uniqueId(), n);
        dag.node(n.uniqueId());
        n.dependsOn().forEach(p -> edges.add(new String[] {p, n.uniqueId()}));
        n.sources().forEach(p -> edges.add(new String[] {p, n.uniqueId()}));
    }
}
