package dev.kiln.trino;

import dev.kiln.Relation;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.RelationKind;
import dev.kiln.spi.RowHandler;
import dev.kiln.spi.Session;
import dev.kiln.trinosql.JdbcStatements;
import io.trino.jdbc.QueryStats;
import io.trino.jdbc.TrinoStatement;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * One worker's JDBC connection to the Trino coordinator. Relations are read from the catalog's
 * {@code information_schema} (Trino folds every identifier to lower case). {@link #lastResponse()}
 * reports the last statement's query id, processed rows and bytes and wall time, as the driver's
 * progress monitor last saw them.
 */
final class TrinoSession implements Session {

    private final Connection connection;
    private final JdbcStatements statements;
    private final TrinoDialect dialect;
    private final Set<String> schemas;
    private volatile QueryStats stats;

    /**
     * @param schemas the schemas known to exist, shared by the sessions of one adapter
     */
    TrinoSession(Connection connection, TrinoDialect dialect, Set<String> schemas) {
        this.connection = connection;
        this.statements = new JdbcStatements(() -> connection, this::monitor);
        this.dialect = dialect;
        this.schemas = schemas;
    }

    @Override
    public long execute(String sql) {
        return statements.execute(sql);
    }

    @Override
    public QueryResult query(String sql, int maxRows) {
        return statements.query(sql, maxRows);
    }

    @Override
    public void stream(String sql, RowHandler handler) {
        statements.stream(sql, handler);
    }

    /** Relations of {@code schemas} in the target's catalog (every schema when none is given). */
    @Override
    public Map<Relation, RelationKind> relations(Collection<String> schemas) {
        StringBuilder sql = new StringBuilder("select table_schema, table_name, table_type from ")
                .append(dialect.quoteIdentifier(dialect.catalog())).append(".information_schema.tables where ");
        if (schemas.isEmpty()) {
            sql.append("table_schema <> 'information_schema'");
        } else {
            StringJoiner in = new StringJoiner(", ", "table_schema in (", ")");
            schemas.forEach(s -> in.add(dialect.quoteString(s.toLowerCase(Locale.ROOT))));
            sql.append(in);
        }
        Map<Relation, RelationKind> out = new LinkedHashMap<>();
        for (List<Object> row : query(sql.toString(), Integer.MAX_VALUE).rows()) {
            out.put(Relation.of(String.valueOf(row.get(0)), String.valueOf(row.get(1))), kind(String.valueOf(row.get(2))));
        }
        return out;
    }

    @Override
    public Optional<RelationInfo> describe(Relation relation) {
        String catalog = dialect.quoteIdentifier(relation.database() == null ? dialect.catalog() : relation.database());
        String sql = "select t.table_type, c.column_name, c.data_type from " + catalog + ".information_schema.tables t"
                + " left join " + catalog + ".information_schema.columns c on c.table_schema = t.table_schema"
                + " and c.table_name = t.table_name"
                + " where t.table_schema = " + dialect.quoteString(relation.schema().toLowerCase(Locale.ROOT))
                + " and t.table_name = " + dialect.quoteString(relation.identifier().toLowerCase(Locale.ROOT))
                + " order by c.ordinal_position";
        RelationKind kind = null;
        List<RelationInfo.Column> columns = new ArrayList<>();
        for (List<Object> row : query(sql, Integer.MAX_VALUE).rows()) {
            kind = kind(String.valueOf(row.get(0)));
            if (row.get(1) != null) {
                columns.add(new RelationInfo.Column(String.valueOf(row.get(1)), String.valueOf(row.get(2))));
            }
        }
        return kind == null ? Optional.empty() : Optional.of(new RelationInfo(relation, kind, columns));
    }

    @Override
    public void ensureSchema(String schema) {
        String key = schema.toLowerCase(Locale.ROOT);
        if (!schemas.contains(key)) {
            execute(dialect.createSchema(schema));
            schemas.add(key);
        }
    }

    /** The last statement's query id, processed rows and bytes, and wall time in milliseconds. */
    @Override
    public Map<String, Object> lastResponse() {
        QueryStats s = stats;
        if (s == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("query_id", s.getQueryId());
        out.put("processed_rows", s.getProcessedRows());
        out.put("processed_bytes", s.getProcessedBytes());
        out.put("wall_time_ms", s.getWallTimeMillis());
        return out;
    }

    /** Cancels the running query on the coordinator (the driver deletes it there); later statements are refused. */
    @Override
    public void cancel() {
        statements.cancel();
    }

    @Override
    public void close() {
        statements.close();
        try {
            connection.close(); // also when no statement ever ran
        } catch (SQLException ignored) {
            // closing: nothing left to do
        }
    }

    /** Watches a statement's progress, for {@link #lastResponse()}. */
    private void monitor(Statement st) throws SQLException {
        stats = null;
        if (st.isWrapperFor(TrinoStatement.class)) {
            st.unwrap(TrinoStatement.class).setProgressMonitor(s -> stats = s);
        }
    }

    private static RelationKind kind(String tableType) {
        return "VIEW".equalsIgnoreCase(tableType) ? RelationKind.VIEW : RelationKind.TABLE;
    }
}
