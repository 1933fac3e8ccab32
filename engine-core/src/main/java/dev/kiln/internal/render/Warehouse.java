package dev.kiln.internal.render;

import dev.kiln.Relation;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationInfo;

import java.util.Optional;

/**
 * What templates may ask the warehouse while rendering (dbt_utils' {@code star},
 * {@code union_relations}, {@code unpivot}, {@code get_column_values},
 * {@code get_relations_by_pattern}): a relation's columns and the rows of a query.
 */
public interface Warehouse {

    /** A relation's columns, or empty when it does not exist. */
    Optional<RelationInfo> describe(Relation relation);

    /** The rows of a query (at most {@code maxRows}). */
    QueryResult query(String sql, int maxRows);

    /** No warehouse (as for {@code kiln compile}): every question fails with {@link Unavailable}. */
    Warehouse NONE = new Warehouse() {
        @Override
        public Optional<RelationInfo> describe(Relation relation) {
            throw new Unavailable();
        }

        @Override
        public QueryResult query(String sql, int maxRows) {
            throw new Unavailable();
        }
    };

    /** Thrown by {@link #NONE}. */
    final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable() {
            super("no warehouse connection", null, false, false);
        }
    }
}
