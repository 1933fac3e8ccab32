package dev.kiln.internal.analyze;

import java.util.Optional;

/**
 * The most faithful judge of a target's SQL syntax: DuckDB's own parser for DuckDB, a Trino
 * parser for Athena. Adapters provide one; without one, Kiln cannot tell a syntax error from
 * SQL that Calcite merely does not understand, so Calcite's failures only make a model's
 * analysis unknown.
 *
 * <p>Implementations must be safe to call from several threads at once, must never execute
 * the SQL, and should parse only.
 */
public interface SyntaxChecker extends AutoCloseable {

    /**
     * Where a statement stopped parsing.
     *
     * @param offset  character offset into the checked SQL, or -1 when unknown
     * @param message the parser's message, without a position
     */
    record Failure(int offset, String message) {
    }

    /**
     * A stable name of this checker and its version (part of the analysis cache key), e.g.
     * {@code duckdb-1.4.1}.
     */
    String id();

    /** Checks one statement; empty when it parses (or when the checker cannot judge it). */
    Optional<Failure> check(String sql);

    /** Releases what the checker holds. */
    @Override
    default void close() {
    }
}
