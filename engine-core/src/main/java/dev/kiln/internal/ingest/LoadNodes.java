package dev.kiln.internal.ingest;

import dev.kiln.CompiledNode;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.Project;
import dev.kiln.ResourceType;
import dev.kiln.SourceTable;

import java.util.ArrayList;
import java.util.List;

/** The runnable nodes of a project's loaded source tables ({@code load:}), in declaration order. */
public final class LoadNodes {

    private LoadNodes() {
    }

    /** One node per loaded source table. */
    public static List<CompiledNode> of(Project project) {
        List<CompiledNode> out = new ArrayList<>();
        for (SourceTable t : project.sources().values()) {
            if (t.loaded()) {
                out.add(node(t));
            }
        }
        return out;
    }

    /** The node of one loaded table: its relation, no SQL, no parents. */
    public static CompiledNode node(SourceTable t) {
        Node n = new Node(t.uniqueId(), ResourceType.SOURCE, t.sourceName() + "." + t.name(), t.origin(), "",
                NodeConfig.EMPTY, t.docs(), null);
        return new CompiledNode(n, "", t.relation(), List.of(), List.of());
    }
}
