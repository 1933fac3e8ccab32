package dev.kiln.internal.select;

import dev.kiln.CompiledNode;
import dev.kiln.internal.report.Checksums;
import dev.kiln.internal.report.PreviousManifest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Compares nodes with an earlier manifest ({@code --state}): their checksum
 * ({@link Checksums#of}) and their config (see {@link ConfigNormalizer}). Each node is compared
 * once, when first asked.
 */
final class StateComparator {

    private final PreviousManifest previous;
    private final Path projectRoot;
    private final Map<String, StateDiff> diffs = new HashMap<>();

    StateComparator(PreviousManifest previous, Path projectRoot) {
        this.previous = previous;
        this.projectRoot = projectRoot;
    }

    /** How {@code node} differs from its earlier state. */
    StateDiff diff(CompiledNode node) {
        return diffs.computeIfAbsent(node.uniqueId(), id -> compare(node));
    }

    private StateDiff compare(CompiledNode node) {
        Optional<PreviousManifest.NodeState> before = previous.node(node.uniqueId());
        if (before.isEmpty()) {
            return StateDiff.NEW;
        }
        PreviousManifest.NodeState old = before.get();
        boolean body = old.checksum() == null || !old.checksum().equals(Checksums.of(node.node(), projectRoot));
        Map<String, Object> oldConfig = old.config() == null ? Map.of() : old.config();
        Map<String, Object> newConfig = node.config().values();
        boolean configs = !ConfigNormalizer.settings(oldConfig, node.resourceType())
                .equals(ConfigNormalizer.settings(newConfig, node.resourceType()));
        boolean relation = !ConfigNormalizer.relation(oldConfig).equals(ConfigNormalizer.relation(newConfig));
        return new StateDiff(false, body, configs, relation);
    }
}
