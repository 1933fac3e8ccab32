package dev.kiln.internal.execute;

import dev.kiln.Relation;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.RelationKind;
import dev.kiln.spi.Session;

import java.util.Collection;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which relations exist in the warehouse, asked once per command and only if a template
 * calls {@code is_incremental()} or {@code --defer} needs to know.
 */
public final class WarehouseCatalog implements Predicate<Relation> {

    private final Adapter adapter;
    private final Collection<String> schemas;
    private volatile Map<String, RelationKind> relations;

    /** @param adapter the open adapter; @param schemas the schemas the project writes to */
    public WarehouseCatalog(Adapter adapter, Collection<String> schemas) {
        this.adapter = adapter;
        this.schemas = schemas;
    }

    /** Whether {@code relation} exists as a table. */
    @Override
    public boolean test(Relation relation) {
        // a view of that name does not count: switching a view to incremental must build it whole
        return known().get(key(relation)) == RelationKind.TABLE;
    }

    /** Whether {@code relation} exists, as a table or a view (for {@code --defer}). */
    public boolean exists(Relation relation) {
        return known().containsKey(key(relation));
    }

    private Map<String, RelationKind> known() {
        Map<String, RelationKind> known = relations;
        if (known == null) {
            synchronized (this) {
                if (relations == null) {
                    Map<String, RelationKind> found = new java.util.HashMap<>();
                    try (Session s = adapter.openSession()) {
                        s.relations(schemas).forEach((r, kind) -> found.put(key(r), kind));
                    }
                    relations = found;
                }
                known = relations;
            }
        }
        return known;
    }

    /** Warehouses fold unquoted names (Glue lower-cases them), so names compare case-insensitively. */
    private static String key(Relation r) {
        return (r.schema() + "\u0000" + r.identifier()).toLowerCase(java.util.Locale.ROOT);
    }
}
