package dev.kiln.spi;

import dev.kiln.Relation;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * One connection, used by one thread at a time. Statement errors are thrown as
 * {@link dev.kiln.KilnException} with {@link dev.kiln.ErrorCode#EXECUTION_FAILED} and the
 * warehouse's message.
 */
public interface Session extends AutoCloseable {

    /** Runs a statement; returns the number of rows it affected, or -1 when unknown. */
    long execute(String sql);

    /** Runs a query and returns at most {@code maxRows} rows ({@code truncated} tells if there were more). */
    QueryResult query(String sql, int maxRows);

    /**
     * Runs a query and hands every row to {@code handler} as it is read, never holding the whole
     * result. The default reads the result with {@link #query} (adapters that can stream, like
     * those speaking JDBC, override it).
     */
    default void stream(String sql, RowHandler handler) {
        QueryResult r = query(sql, Integer.MAX_VALUE);
        handler.start(r.columns(), r.types());
        r.rows().forEach(handler::row);
    }

    /** The relations that exist in {@code schemas}, with their kind. */
    Map<Relation, RelationKind> relations(Collection<String> schemas);

    /** A relation's kind and columns, if it exists. */
    Optional<RelationInfo> describe(Relation relation);

    /**
     * What {@code catalog.json} and the docs site show about {@code relations}: for each one that
     * exists, its columns with their types and the statistics the warehouse keeps, in the order
     * asked; relations that do not exist are left out. Must not scan the data (statistics come
     * from the warehouse's metadata). The default describes each relation with {@link #describe}
     * and reports no statistics; adapters that can ask for many at once, or keep row counts,
     * override it.
     */
    default java.util.List<CatalogEntry> catalog(Collection<Relation> relations) {
        java.util.List<CatalogEntry> out = new java.util.ArrayList<>();
        for (Relation r : relations) {
            describe(r).ifPresent(info -> out.add(CatalogEntry.of(info)));
        }
        return out;
    }

    /** Creates a schema if it does not exist. */
    void ensureSchema(String schema);

    /**
     * What the warehouse reported about the last statement (query id, bytes scanned), for
     * run results; empty by default.
     */
    default Map<String, Object> lastResponse() {
        return Map.of();
    }

    /** Aborts the running statement, if any; may be called from another thread. */
    void cancel();

    /** Closes the connection. */
    @Override
    void close();
}
