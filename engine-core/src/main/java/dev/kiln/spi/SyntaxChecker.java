package dev.kiln.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The most faithful judge of a target's SQL syntax, provided by an adapter through
 * {@link AdapterProvider#syntaxChecker(dev.kiln.TargetConfig)}: DuckDB's own parser for DuckDB,
 * a Trino parser for Athena. Kiln checks every model's compiled SQL with it before anything runs;
 * a {@link Failure} is a syntax error reported at the line and column of the model's file, and
 * nothing runs. Without a checker Kiln cannot tell a syntax error from SQL that Calcite (which
 * drives the deeper analysis) merely does not understand, so Calcite's failures then only make a
 * model's analysis unknown.
 *
 * <p>Implementations must be safe to call from several threads at once, must never execute
 * the SQL (parse only, no catalog lookups), and should be cheap to create: open what they need
 * on the first {@link #check}, since a run whose models are all cached never calls it. A checker
 * that cannot judge a statement (one kind it does not serialize, an internal failure) answers
 * empty: only a real parse error may fail a build.
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
     * A stable name of this checker and its parser's version, e.g. {@code duckdb-jdbc-1.4.1}: part
     * of the analysis cache key, so a new parser version analyses again. Must not need a
     * connection.
     */
    String id();

    /** Checks one statement; empty when it parses (or when the checker cannot judge it). */
    Optional<Failure> check(String sql);

    /**
     * Checks several statements: one answer per statement, in their order. Kiln hands a project's
     * statements over in batches (a few hundred at a time, from several threads at once). The
     * default checks them one by one; a checker that pays a fixed cost per call (a query, a
     * round trip) should answer a batch at once.
     */
    default List<Optional<Failure>> checkAll(List<String> sqls) {
        List<Optional<Failure>> out = new ArrayList<>(sqls.size());
        for (String sql : sqls) {
            out.add(check(sql));
        }
        return out;
    }

    /**
     * A hint that checks are coming soon: a checker with a costly start (a native library to
     * load, an engine to open) may start in the background now, so that its start overlaps what
     * Kiln does before the first check. Must return at once; a start that fails is reported by
     * the first check. Kiln calls it when partial parsing found an edited model. The default does
     * nothing.
     */
    default void warmUp() {
    }

    /** Releases what the checker holds; Kiln calls it when the {@code Kiln} is closed. */
    @Override
    default void close() {
    }
}
