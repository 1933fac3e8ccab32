package dev.kiln.duckdb;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.CatalogEntry;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.RelationKind;
import dev.kiln.spi.Session;
import org.duckdb.DuckDBConnection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One DuckDB connection used by one worker. */
final class DuckDbSession implements Session {

    private final DuckDBConnection connection;
    private final DuckDbDialect dialect;
    private final java.util.Set<String> schemas;
    private volatile Statement current;
    private final StatementLog log;

    /**
     * @param schemas the schemas known to exist, shared by every session of one database: DuckDB
     *                rejects two concurrent {@code create schema} of the same name, so creation
     *                is serialized on this set
     * @param log     where every statement is recorded (see {@link StatementLog})
     */
    DuckDbSession(DuckDBConnection connection, DuckDbDialect dialect, java.util.Set<String> schemas, StatementLog log) {
        this.connection = connection;
        this.dialect = dialect;
        this.schemas = schemas;
        this.log = log;
    }

    /** The JDBC connection, for the load sink's appenders and transactions. */
    DuckDBConnection connection() {
        return connection;
    }

    /** The dialect. */
    DuckDbDialect dialect() {
        return dialect;
    }

    @Override
    public long execute(String sql) {
        long t0 = System.nanoTime();
        boolean ok = false;
        try (Statement st = connection.createStatement()) {
            current = st;
            boolean hasResult = st.execute(sql);
            if (hasResult) {
                try (ResultSet rs = st.getResultSet()) {
                    // CREATE TABLE AS and INSERT report their row count as a one-row result
                    if (rs.next() && rs.getMetaData().getColumnCount() == 1 && "Count".equalsIgnoreCase(
                            rs.getMetaData().getColumnName(1))) {
                        ok = true;
                        return rs.getLong(1);
                    }
                }
                ok = true;
                return -1;
            }
            long n = st.getUpdateCount();
            ok = true;
            return n;
        } catch (SQLException e) {
            throw failure(e, sql);
        } finally {
            current = null;
            log.record(StatementLog.Kind.STATEMENT, sql, t0, ok);
        }
    }

    @Override
    public QueryResult query(String sql, int maxRows) {
        long t0 = System.nanoTime();
        boolean ok = false;
        try (Statement st = connection.createStatement()) {
            current = st;
            try (ResultSet rs = st.executeQuery(sql)) {
                QueryResult r = QueryResult.read(rs, maxRows);
                ok = true;
                return r;
            }
        } catch (SQLException e) {
            throw failure(e, sql);
        } finally {
            current = null;
            log.record(StatementLog.Kind.STATEMENT, sql, t0, ok);
        }
    }

    @Override
    public void stream(String sql, dev.kiln.spi.RowHandler handler) {
        long t0 = System.nanoTime();
        boolean ok = false;
        try (Statement st = connection.createStatement()) {
            current = st;
            try (ResultSet rs = st.executeQuery(sql)) {
                QueryResult.stream(rs, handler);
                ok = true;
            }
        } catch (SQLException e) {
            throw failure(e, sql);
        } finally {
            current = null;
            log.record(StatementLog.Kind.STATEMENT, sql, t0, ok);
        }
    }

    @Override
    public Map<Relation, RelationKind> relations(Collection<String> schemas) {
        Map<Relation, RelationKind> out = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select table_schema, table_name, table_type from information_schema.tables"
                     + " where table_catalog = current_database()")) {
            while (rs.next()) {
                if (schemas.isEmpty() || schemas.contains(rs.getString(1))) {
                    out.put(Relation.of(rs.getString(1), rs.getString(2)), kind(rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e, "information_schema.tables");
        } finally {
            log.record(StatementLog.Kind.METADATA, "relations(" + String.join(", ", schemas) + ")", t0, true);
        }
    }

    @Override
    public Optional<RelationInfo> describe(Relation relation) {
        String sql = "select t.table_type, c.column_name, c.data_type from information_schema.tables t"
                + " left join information_schema.columns c on c.table_catalog = t.table_catalog"
                + " and c.table_schema = t.table_schema and c.table_name = t.table_name"
                + " where t.table_catalog = current_database() and t.table_schema = ? and t.table_name = ?"
                + " order by c.ordinal_position";
        long t0 = System.nanoTime();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, relation.schema());
            ps.setString(2, relation.identifier());
            try (ResultSet rs = ps.executeQuery()) {
                RelationKind kind = null;
                List<RelationInfo.Column> columns = new ArrayList<>();
                while (rs.next()) {
                    kind = kind(rs.getString(1));
                    if (rs.getString(2) != null) {
                        columns.add(new RelationInfo.Column(rs.getString(2), rs.getString(3)));
                    }
                }
                return kind == null ? Optional.empty() : Optional.of(new RelationInfo(relation, kind, columns));
            }
        } catch (SQLException e) {
            throw failure(e, sql);
        } finally {
            log.record(StatementLog.Kind.METADATA, "describe(" + relation.displayName() + ")", t0, true);
        }
    }

    /**
     * Every relation of the current database asked for, in one query over
     * {@code information_schema} and {@code duckdb_tables()}/{@code duckdb_views()}: columns with
     * their types, the comment, and for tables DuckDB's row count ({@code estimated_size}).
     * Relations in another attached database are described one by one.
     */
    @Override
    public List<CatalogEntry> catalog(Collection<Relation> relations) {
        long t0 = System.nanoTime();
        try {
            return catalogOf(relations);
        } finally {
            log.record(StatementLog.Kind.METADATA, "catalog(" + relations.size() + " relations)", t0, true);
        }
    }

    private List<CatalogEntry> catalogOf(Collection<Relation> relations) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        java.util.Set<String> schemaNames = new java.util.TreeSet<>();
        List<Relation> elsewhere = new ArrayList<>();
        for (Relation r : relations) {
            if (r.database() == null) {
                wanted.add(key(r.schema(), r.identifier()));
                schemaNames.add(r.schema());
            } else {
                elsewhere.add(r);
            }
        }
        Map<String, CatalogEntry> found = new java.util.HashMap<>();
        if (!schemaNames.isEmpty()) {
            String sql = "select t.table_schema, t.table_name, t.table_type, c.column_name, c.data_type,"
                    + " dt.estimated_size, coalesce(dt.comment, dv.comment)"
                    + " from information_schema.tables t"
                    + " left join information_schema.columns c on c.table_catalog = t.table_catalog"
                    + " and c.table_schema = t.table_schema and c.table_name = t.table_name"
                    + " left join duckdb_tables() dt on dt.database_name = t.table_catalog"
                    + " and dt.schema_name = t.table_schema and dt.table_name = t.table_name"
                    + " left join duckdb_views() dv on dv.database_name = t.table_catalog"
                    + " and dv.schema_name = t.table_schema and dv.view_name = t.table_name"
                    + " where t.table_catalog = current_database() and lower(t.table_schema) in ("
                    + String.join(", ", java.util.Collections.nCopies(schemaNames.size(), "?")) + ")"
                    + " order by t.table_schema, t.table_name, c.ordinal_position";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = 1;
                for (String schema : schemaNames) {
                    ps.setString(i++, schema.toLowerCase(java.util.Locale.ROOT));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    String at = null;
                    List<RelationInfo.Column> columns = null;
                    while (rs.next()) {
                        String k = key(rs.getString(1), rs.getString(2));
                        if (!wanted.contains(k)) {
                            continue;
                        }
                        if (!k.equals(at)) {
                            at = k;
                            columns = new ArrayList<>();
                            RelationKind kind = kind(rs.getString(3));
                            long rows = rs.getLong(6);
                            List<CatalogEntry.Stat> stats = kind == RelationKind.TABLE && !rs.wasNull()
                                    ? List.of(new CatalogEntry.Stat(CatalogEntry.Stat.ROW_COUNT, "Row count", rows,
                                    "Rows in the table as DuckDB's storage counts them (duckdb_tables().estimated_size)"))
                                    : List.of();
                            found.put(k, new CatalogEntry(new RelationInfo(Relation.of(rs.getString(1), rs.getString(2)),
                                    kind, columns), rs.getString(7), null, stats));
                        }
                        if (rs.getString(4) != null) {
                            columns.add(new RelationInfo.Column(rs.getString(4), rs.getString(5)));
                        }
                    }
                }
            } catch (SQLException e) {
                throw failure(e, sql);
            }
        }
        List<CatalogEntry> out = new ArrayList<>();
        for (Relation r : relations) {
            if (r.database() == null) {
                CatalogEntry e = found.get(key(r.schema(), r.identifier()));
                if (e != null) {
                    out.add(new CatalogEntry(new RelationInfo(e.info().relation(), e.info().kind(),
                            List.copyOf(e.info().columns())), e.comment(), e.owner(), e.stats()));
                }
            } else if (elsewhere.contains(r)) {
                describe(r).ifPresent(info -> out.add(CatalogEntry.of(info)));
            }
        }
        return out;
    }

    private static String key(String schema, String identifier) {
        return (schema == null ? "" : schema.toLowerCase(java.util.Locale.ROOT)) + "\u0000"
                + identifier.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void ensureSchema(String schema) {
        if (schemas.contains(schema)) {
            return;
        }
        synchronized (schemas) {
            if (!schemas.contains(schema)) {
                execute(dialect.createSchema(schema));
                schemas.add(schema);
            }
        }
    }

    /** The statement running now, or {@code null} (tests). */
    Statement running() {
        return current;
    }

    /** Cancels the running statement, again while it runs on if the cancel came before DuckDB started it. */
    @Override
    public void cancel() {
        dev.kiln.spi.StatementCancel.cancel(current, () -> current);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do
        }
    }

    private static RelationKind kind(String tableType) {
        return "VIEW".equalsIgnoreCase(tableType) ? RelationKind.VIEW : RelationKind.TABLE;
    }

    private static KilnException failure(SQLException e, String sql) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        return new KilnException(ErrorCode.EXECUTION_FAILED, message, e);
    }
}
