package dev.kiln.internal.execute;

import dev.kiln.Relation;
import dev.kiln.internal.render.Warehouse;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.Session;

import java.util.Optional;

/**
 * The warehouse templates may read while rendering, through a short session of the adapter per
 * question. The adapter is opened on the first question only, so a project whose templates ask
 * nothing compiles without connecting.
 */
public final class AdapterWarehouse implements Warehouse {

    private final java.util.function.Supplier<Adapter> opener;
    private Adapter adapter;

    /** @param opener opens (or returns) the target's adapter; called at most once */
    public AdapterWarehouse(java.util.function.Supplier<Adapter> opener) {
        this.opener = opener;
    }

    private synchronized Adapter adapter() {
        if (adapter == null) {
            adapter = opener.get();
        }
        return adapter;
    }

    @Override
    public Optional<RelationInfo> describe(Relation relation) {
        try (Session s = adapter().openSession()) {
            return s.describe(relation);
        }
    }

    @Override
    public QueryResult query(String sql, int maxRows) {
        try (Session s = adapter().openSession()) {
            return s.query(sql, maxRows);
        }
    }
}
