package dev.kiln.cli;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ResourceCounts;
import dev.kiln.ResourceType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts nodes by resource type for summaries: {@code 10000 nodes (9000 models, 1000 tests)}. */
final class NodeCounts {

    private NodeCounts() {
    }

    /** {@code N nodes (a models, b tests)}, types in declaration order, empty types left out. */
    static String describe(Collection<CompiledNode> nodes) {
        Map<ResourceType, Integer> byType = new EnumMap<>(ResourceType.class);
        nodes.forEach(n -> byType.merge(n.resourceType(), 1, Integer::sum));
        return describe(byType, nodes.size());
    }

    /** {@link #describe(Collection)} of {@code compiled}'s nodes, as it counted them (once). */
    static String describe(CompiledProject compiled) {
        return describe(compiled.nodeCounts(), compiled.nodes().size());
    }

    /** {@link #describe(Collection)} of counts by type (in the enum's order) and their total. */
    static String describe(Map<ResourceType, Integer> byType, int count) {
        List<String> parts = new ArrayList<>();
        byType.forEach((type, n) -> parts.add(plural(n, type.dbtName().replace('_', ' '))));
        String total = plural(count, "node");
        return parts.isEmpty() ? total : total + " (" + String.join(", ", parts) + ")";
    }

    /**
     * dbt's {@code Found …} line: the totals of the whole project ({@link ResourceCounts}), the
     * same for every command and selection, e.g. {@code Found 3 models, 2 seeds, 4 data tests, 1 source}.
     */
    static String found(CompiledProject compiled) {
        return "Found " + ResourceCounts.of(compiled).statLine();
    }

    /** {@code 1 model}, {@code 2 models}. */
    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
