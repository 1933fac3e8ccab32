package dev.kiln.duckdb;

import dev.kiln.Relation;
import dev.kiln.spi.JsonLinesLoad;
import dev.kiln.spi.LoadType;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * A JSON-lines load read by DuckDB itself ({@link DuckDbLoadSink#loadJsonLines}): one
 * {@code insert … select … from read_json(…)} into the load's table, in the load's transaction,
 * with the columns, types and order the loader decided and the bookkeeping columns computed in
 * SQL ({@code _kiln_id} numbers the records across the files in order, set by one update after
 * the insert). While DuckDB reads, the
 * loader checks every record against the columns; a record that does not fit (or DuckDB refusing
 * a line) rolls everything back and the load stages its rows instead.
 */
final class NativeJsonLines {

    private static final String LOAD_ID = "_kiln_load_id";
    private static final String ID = "_kiln_id";

    private final DuckDBConnection conn;
    private final Relation table;
    /** {@link #table} rendered by the session's dialect. */
    private final String rel;
    private final String disposition;
    /** The table's columns and their types as DuckDB spells them; empty when it does not exist. */
    private final Map<String, String> declared;

    NativeJsonLines(DuckDBConnection conn, Relation table, String rendered, String disposition, Map<String, String> declared) {
        this.conn = conn;
        this.table = table;
        this.rel = rendered;
        this.disposition = disposition;
        this.declared = "replace".equals(disposition) ? Map.of() : declared;
    }

    /**
     * Alters or creates the table and inserts the rows inside a transaction it starts with
     * {@code begin}; on any doubt rolls it back with {@code rollback} and declines.
     */
    JsonLinesLoad.Result run(JsonLinesLoad load, Runnable begin, Runnable rollback, LongConsumer inserted) {
        for (Map.Entry<String, String> c : declared.entrySet()) {
            if (!LoadType.parse(c.getValue()).sql().equals(c.getValue())) {
                load.verdict().cancel(true);
                return JsonLinesLoad.Result.declined("column '" + c.getKey() + "' of " + table.identifier() + " is "
                        + c.getValue() + ", a type loads do not write");
            }
        }
        begin.run();
        long rows;
        try (Statement st = conn.createStatement()) {
            if (!keepsOrder(st)) {
                rollback.run();
                load.verdict().cancel(true);
                return JsonLinesLoad.Result.declined("DuckDB's preserve_insertion_order is off");
            }
            for (String ddl : ddl(load.columns())) {
                st.execute(ddl);
            }
            load.verdict().whenComplete((reason, failure) -> {
                if (reason != null || failure != null) {
                    cancel(st);
                }
            });
            if (load.verdict().isDone() && verdict(load) != null) {
                rollback.run();
                return JsonLinesLoad.Result.declined(verdict(load));
            }
            st.execute(insert(load));
            rows = st.getUpdateCount();
            String numbered = number(st, load.loadId(), rows);
            if (numbered != null) {
                rollback.run();
                load.verdict().cancel(true);
                return JsonLinesLoad.Result.declined(numbered);
            }
        } catch (SQLException e) {
            rollback.run();
            // the check's reason names the file and line; DuckDB's message is the fallback
            String reason = verdict(load);
            return JsonLinesLoad.Result.declined(reason != null ? reason
                    : "DuckDB's reader stopped: " + e.getMessage().lines().findFirst().orElse("").strip());
        }
        String reason = verdict(load);
        if (reason != null) {
            rollback.run();
            return JsonLinesLoad.Result.declined(reason);
        }
        inserted.accept(rows);
        return new JsonLinesLoad.Result(rows, null);
    }

    /**
     * Numbers the inserted rows' {@code _kiln_id} by their position: DuckDB inserts them in the
     * order it reads them (files in order, lines in order: {@code preserve_insertion_order}, checked
     * before), at consecutive row ids, which is checked here. An update of one column after a
     * parallel insert costs less than numbering the rows while reading (a window over the scan
     * makes it single-threaded). Returns why not, or {@code null}.
     */
    private String number(Statement st, String loadId, long rows) throws SQLException {
        if (rows == 0) {
            return null;
        }
        String mine = " where " + q(LOAD_ID) + " = " + literal(loadId);
        long first;
        try (java.sql.ResultSet rs = st.executeQuery("select min(rowid), max(rowid), count(*) from " + rel + mine)) {
            rs.next();
            first = rs.getLong(1);
            if (rs.getLong(3) != rows || rs.getLong(2) - first + 1 != rows) {
                return "the rows DuckDB inserted are not at consecutive row ids";
            }
        }
        st.execute("update " + rel + " set " + q(ID) + " = " + literal(loadId + ".") + " || (rowid - " + first + ")" + mine);
        return null;
    }

    /** Whether DuckDB keeps the order rows are read in (the numbering of {@code _kiln_id} relies on it). */
    private boolean keepsOrder(Statement st) throws SQLException {
        try (java.sql.ResultSet rs = st.executeQuery("select current_setting('preserve_insertion_order')")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Waits for the check of the records: {@code null} when every record fits, else why not. */
    private static String verdict(JsonLinesLoad load) {
        try {
            return load.verdict().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking the records";
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return "checking the records failed: " + (e.getCause() == null ? e : e.getCause());
        }
    }

    private static void cancel(Statement st) {
        try {
            st.cancel();
        } catch (SQLException | RuntimeException ignored) {
            // the statement finished or failed on its own; the verdict still declines
        }
    }

    /** Creates the table (bookkeeping columns first), or adds and retypes columns of the existing one. */
    List<String> ddl(List<JsonLinesLoad.Column> columns) {
        List<String> out = new ArrayList<>();
        if (declared.isEmpty()) {
            StringBuilder sb = new StringBuilder("create or replace table " + rel + " (" + q(LOAD_ID) + " VARCHAR, "
                    + q(ID) + " VARCHAR");
            for (JsonLinesLoad.Column c : columns) {
                sb.append(", ").append(q(c.name())).append(' ').append(c.columnType().sql());
            }
            out.add(sb.append(')').toString());
            return out;
        }
        for (String b : List.of(LOAD_ID, ID)) {
            if (!declared.containsKey(b)) {
                out.add("alter table " + rel + " add column " + q(b) + " VARCHAR");
            }
        }
        for (JsonLinesLoad.Column c : columns) {
            String had = declared.get(c.name());
            if (had == null) {
                out.add("alter table " + rel + " add column " + q(c.name()) + " " + c.columnType().sql());
            } else if (!had.equals(c.columnType().sql())) {
                out.add("alter table " + rel + " alter column " + q(c.name()) + " set data type " + c.columnType().sql());
            }
        }
        return out;
    }

    /** The one statement that reads the files into the table. */
    String insert(JsonLinesLoad load) {
        String id = literal(load.loadId());
        StringBuilder names = new StringBuilder(q(LOAD_ID));
        StringBuilder values = new StringBuilder(id);
        for (JsonLinesLoad.Column c : load.columns()) {
            names.append(", ").append(q(c.name()));
            String expr = q(c.path().get(0));
            for (String key : c.path().subList(1, c.path().size())) {
                expr = "struct_extract(" + expr + ", " + literal(key) + ")";
            }
            values.append(", ").append(c.readAs().equals(c.columnType()) ? expr
                    : "cast(" + expr + " as " + c.columnType().sql() + ")");
        }
        String files = load.files().stream().map(Path::toString).map(NativeJsonLines::literal)
                .collect(Collectors.joining(", ", "[", "]"));
        return "insert into " + rel + " (" + names + ") select " + values
                + " from read_json(" + files + ", format = 'newline_delimited', records = true, columns = "
                + columnsSpec(load.columns()) + ")";
    }

    /** read_json's {@code columns}: each top-level key with its type, objects as STRUCTs. */
    static String columnsSpec(List<JsonLinesLoad.Column> columns) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (JsonLinesLoad.Column c : columns) {
            Map<String, Object> level = tree;
            for (int i = 0; i < c.path().size() - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) level.computeIfAbsent(c.path().get(i), k -> new LinkedHashMap<>());
                level = next;
            }
            level.put(c.path().get(c.path().size() - 1), c.readAs());
        }
        return tree.entrySet().stream().map(e -> literal(e.getKey()) + ": " + literal(type(e.getValue())))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String type(Object node) {
        if (node instanceof LoadType t) {
            return t.sql();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) node;
        return fields.entrySet().stream().map(e -> q(e.getKey()) + " " + type(e.getValue()))
                .collect(Collectors.joining(", ", "STRUCT(", ")"));
    }

    private static String q(String identifier) {
        return DuckDbLoadSink.q(identifier);
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
