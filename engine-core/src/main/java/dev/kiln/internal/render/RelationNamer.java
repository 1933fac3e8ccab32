package dev.kiln.internal.render;

import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.Relation;
import dev.kiln.TargetConfig;
import dev.kiln.spi.Dialect;

/**
 * Where a node is materialized: schema from its config, else the target's schema, else the
 * dialect's default; identifier from {@code alias}, else its name.
 */
public final class RelationNamer {

    private final TargetConfig target;
    private final Dialect dialect;

    /** @param target the active target; @param dialect its dialect */
    public RelationNamer(TargetConfig target, Dialect dialect) {
        this.target = target;
        this.dialect = dialect;
    }

    /** The relation of {@code node} under {@code config}. */
    public Relation relation(Node node, NodeConfig config) {
        String schema = config.schema().orElseGet(() -> target == null ? dialect.defaultSchema()
                : target.schema().orElse(dialect.defaultSchema()));
        return new Relation(config.string("database").orElse(null), schema, config.alias().orElse(node.name()));
    }
}
