package dev.kiln.duckdb;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.JsonLinesLoad;
import dev.kiln.spi.LoadSink;
import dev.kiln.spi.LoadTarget;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.StageWriter;
import dev.kiln.stage.StagingTable;
import org.duckdb.DuckDBConnection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A load on DuckDB. Rows are appended (DuckDB's appender) in DuckDB (which writes large
 * transactions to the database file as they grow), never in the JVM's heap: loads into tables
 * with {@code append} or {@code replace} append straight to the source's tables (new columns and
 * wider types are applied to them as they come); {@code merge} and loads into
 * {@code external_location} append to staging tables in schema {@value #SCHEMA}, which
 * {@link #commit} moves into place and drops. The commit writes the load's state to
 * {@code _kiln_load._kiln_state}. For loads into
 * tables all of it, staging included, is ONE transaction, so a crash before the commit leaves
 * the previous data and state, and a crash after it leaves the new ones: nothing is lost or
 * loaded twice. Staging tables a crash left
 * behind are dropped when the next load of the same table starts. JSON lines may instead be read
 * by DuckDB itself into the table, in the same transaction ({@link #loadJsonLines},
 * {@link NativeJsonLines}).
 */
final class DuckDbLoadSink implements LoadSink {

    /** The schema of staging tables and of the state table. */
    static final String SCHEMA = "_kiln_load";
    private static final String STATE = "_kiln_state";
    /** The Parquet files committed for loads into {@code external_location}, by load id. */
    static final String FILES = "_kiln_files";
    private static final Object SETUP = new Object();

    private final DuckDbSession session;
    private final DuckDBConnection conn;
    private final DuckDbDialect dialect;
    private final LoadTarget target;
    private final String stagePrefix;
    private final Map<String, StagingTable> writers = new LinkedHashMap<>();
    /** The tables of {@link #writers} written straight into the source's table (not staged). */
    private final java.util.Set<String> directTables = new java.util.HashSet<>();
    private final ParquetFiles files;
    /**
     * Whether staging runs in the load's transaction (loads into tables): the staging tables are
     * created, filled, moved into place and dropped in the one transaction that commits the
     * state, so they are never committed themselves (no per-chunk commit of appended rows).
     */
    private boolean inTransaction;
    /**
     * Whether rows go straight into the source's tables, inside the load's transaction (loads into
     * tables with {@code append} or {@code replace}): no staging table, so no second pass copying
     * the rows into place at the commit. {@code merge} stages first (it deduplicates and deletes
     * by key), and so do loads into {@code external_location}, and an existing table with a
     * column type the appender would not be given exactly ({@code INTEGER}, {@code FLOAT}, …).
     */
    private final boolean direct;

    private DuckDbLoadSink(DuckDbSession session, LoadTarget target) {
        this.session = session;
        this.conn = session.connection();
        this.dialect = session.dialect();
        this.target = target;
        this.stagePrefix = "stage__" + target.stateKey().replace('.', '_') + "__";
        this.files = target.externalLocation() == null ? null : new ParquetFiles(session, target);
        this.direct = files == null && !"merge".equals(target.disposition());
    }

    static DuckDbLoadSink open(DuckDbSession session, LoadTarget target) {
        if (target.externalLocation() != null && target.externalLocation().contains("://")) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Loading into '" + target.externalLocation() + "' (table "
                    + target.stateKey() + ") is not supported on DuckDB: give 'external_location' a local folder, or"
                    + " remove it to land the data as a table in the source's schema.");
        }
        session.ensureSchema(SCHEMA);
        synchronized (SETUP) {
            session.execute("create table if not exists " + q(SCHEMA) + "." + q(STATE)
                    + " (state_key varchar primary key, state varchar, load_id varchar, committed_at timestamp)");
            session.execute("create table if not exists " + q(SCHEMA) + "." + q(FILES)
                    + " (state_key varchar, tbl varchar, load_id varchar)");
        }
        DuckDbLoadSink sink = new DuckDbLoadSink(session, target);
        sink.dropStaging();
        if (target.externalLocation() != null) {
            sink.files.removeOrphans();
        }
        return sink;
    }

    @Override
    public String state() {
        try (PreparedStatement ps = conn.prepareStatement("select state from " + q(SCHEMA) + "." + q(STATE)
                + " where state_key = ?")) {
            ps.setString(1, target.stateKey());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw failure("reading the load state", e);
        }
    }

    @Override
    public Map<String, LoadType> columns(String table) {
        if (files != null) {
            return files.columns(table);
        }
        return columnsOf(target.relation().schema(), identifier(table));
    }

    private Map<String, LoadType> columnsOf(String schema, String table) {
        Map<String, LoadType> out = new LinkedHashMap<>();
        declaredTypes(schema, table).forEach((c, t) -> out.put(c, LoadType.parse(t)));
        return out;
    }

    /** A table's columns and their types as DuckDB spells them, in order; empty when it does not exist. */
    private Map<String, String> declaredTypes(String schema, String table) {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("select column_name, data_type from information_schema.columns"
                + " where table_catalog = current_database() and table_schema = ? and table_name = ? order by ordinal_position")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading the columns of " + table, e);
        }
    }

    /**
     * Rows {@link #loadJsonLines} inserted into the table in the open transaction ({@code -1}: none);
     * {@link #commit} counts them as the table's rows.
     */
    private long nativeRows = -1;

    @Override
    public JsonLinesLoad.Result loadJsonLines(JsonLinesLoad load) {
        if (!direct || !writers.isEmpty() || nativeRows >= 0) {
            load.verdict().cancel(true);
            return JsonLinesLoad.Result.declined(files != null ? "loads into external_location stage their rows"
                    : !direct ? "merge loads stage their rows" : "rows were staged already");
        }
        return new NativeJsonLines(conn, relation(""), dialect.render(relation("")), target.disposition(), declaredTypes(target.relation().schema(),
                target.relation().identifier())).run(load, this::begin, this::rollback, n -> nativeRows = n);
    }

    private void begin() {
        try {
            conn.setAutoCommit(false);
            inTransaction = true;
        } catch (SQLException e) {
            throw failure("starting the load's transaction", e);
        }
    }

    private void rollback() {
        inTransaction = false;
        try {
            conn.rollback();
            conn.setAutoCommit(true);
        } catch (SQLException e) {
            throw failure("rolling back the load of " + target.stateKey(), e);
        }
    }

    @Override
    public StageWriter stage(String table) {
        if (files == null && !inTransaction) {
            try {
                conn.setAutoCommit(false);
                inTransaction = true;
            } catch (SQLException e) {
                throw failure("starting the load's transaction", e);
            }
        }
        return writers.computeIfAbsent(table, this::writer);
    }

    /**
     * The writer of one table: its own table when {@link #direct} and every column it has is of a
     * type the appender is given exactly ({@code BIGINT}, not {@code INTEGER}: else it stages, and
     * the commit's {@code insert} casts).
     */
    private StagingTable writer(String table) {
        if (direct) {
            Relation rel = relation(table);
            if ("replace".equals(target.disposition())) {
                directTables.add(table);
                return StagingTable.into(conn, rel.schema(), rel.identifier(), target.stateKey(), Map.of());
            }
            Map<String, String> declared = declaredTypes(rel.schema(), rel.identifier());
            if (declared.values().stream().allMatch(t -> LoadType.parse(t).sql().equals(t))) {
                Map<String, LoadType> existing = new LinkedHashMap<>();
                declared.forEach((c, t) -> existing.put(c, LoadType.parse(t)));
                directTables.add(table);
                return StagingTable.into(conn, rel.schema(), rel.identifier(), target.stateKey(), existing);
            }
        }
        return new StagingTable(conn, SCHEMA, stagePrefix + (table.isEmpty() ? "_root" : table), target.stateKey());
    }

    @Override
    public long commit(String newState) {
        writers.values().forEach(StagingTable::finish);
        writers.values().removeIf(w -> !w.hasColumns());
        if (files != null) {
            Map<String, String> staged = new LinkedHashMap<>();
            writers.forEach((t, w) -> staged.put(t, w.relation()));
            long rows = files.commit(staged, () -> writeState(newState));
            dropStaging();
            return rows;
        }
        long rows = 0;
        try {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                String disposition = target.disposition();
                StagingTable root = writers.get("");
                if ("merge".equals(disposition) && root != null) {
                    deleteChildrenOfMerged(st, root);
                }
                for (Map.Entry<String, StagingTable> e : writers.entrySet()) {
                    long n = directTables.contains(e.getKey()) ? e.getValue().rows()
                            : move(st, e.getKey(), e.getValue(), disposition);
                    if (e.getKey().isEmpty()) {
                        rows = n;
                    }
                }
                if (nativeRows >= 0) {
                    rows = nativeRows;
                }
                if ("replace".equals(disposition)) {
                    emptyUnstagedChildren(st);
                }
                writeState(newState);
                for (Map.Entry<String, StagingTable> e : writers.entrySet()) {
                    if (!directTables.contains(e.getKey())) {
                        st.execute("drop table if exists " + e.getValue().relation());
                    }
                }
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                conn.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof KilnException k ? k : failure("committing the load of " + target.stateKey(), e);
        } finally {
            inTransaction = false;
            nativeRows = -1;
            try {
                conn.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is going away
            }
        }
        dropStaging();
        return rows;
    }

    /** Stores the load's state (inside the caller's transaction). */
    private void writeState(String newState) {
        try (PreparedStatement ps = conn.prepareStatement("insert or replace into " + q(SCHEMA) + "." + q(STATE)
                + " values (?, ?, ?, current_localtimestamp())")) {
            ps.setString(1, target.stateKey());
            ps.setString(2, newState);
            ps.setString(3, target.loadId());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("storing the load state", e);
        }
    }

    /** Moves one staged table into place; returns the rows it moved. */
    private long move(Statement st, String table, StagingTable w, String disposition) throws SQLException {
        Relation rel = relation(table);
        String dest = dialect.render(rel);
        String stage = w.relation();
        Map<String, LoadType> existing = columnsOf(rel.schema(), rel.identifier());
        boolean merge = "merge".equals(disposition) && table.isEmpty();
        String pk = target.primaryKey().stream().map(DuckDbLoadSink::q).collect(Collectors.joining(", "));
        String rowsSql = StagingTable.lastPerKey(stage, merge ? target.primaryKey() : List.of());
        if (!table.isEmpty() && "merge".equals(disposition) && writers.containsKey("")) {
            // children of rows a later duplicate replaced in this batch are dropped with them
            rowsSql = "select * from " + stage + " where _kiln_root_id in (select _kiln_id from "
                    + dialect.render(relation("")) + ")";
        }
        if (existing.isEmpty() || "replace".equals(disposition)) {
            st.execute("create or replace table " + dest + " as " + rowsSql);
            return count(st, stage);
        }
        for (Map.Entry<String, LoadType> c : w.columns().entrySet()) {
            LoadType old = existing.get(c.getKey());
            if (old == null) {
                st.execute("alter table " + dest + " add column " + q(c.getKey()) + " " + c.getValue().sql());
            } else if (!old.holds(c.getValue())) {
                st.execute("alter table " + dest + " alter column " + q(c.getKey()) + " set data type "
                        + old.widen(c.getValue()).sql());
            }
        }
        if (merge) {
            st.execute("delete from " + dest + " where (" + pk + ") in (select " + pk + " from " + stage + ")");
        }
        return st.executeUpdate("insert into " + dest + " by name " + rowsSql);
    }

    private void deleteChildrenOfMerged(Statement st, StagingTable root) throws SQLException {
        Relation rootRel = relation("");
        if (columnsOf(rootRel.schema(), rootRel.identifier()).isEmpty()) {
            return;
        }
        String pk = target.primaryKey().stream().map(DuckDbLoadSink::q).collect(Collectors.joining(", "));
        for (String child : existingChildren()) {
            st.execute("delete from " + dialect.render(Relation.of(rootRel.schema(), child)) + " where _kiln_root_id in"
                    + " (select _kiln_id from " + dialect.render(rootRel) + " where (" + pk + ") in (select " + pk
                    + " from " + root.relation() + "))");
        }
    }

    private void emptyUnstagedChildren(Statement st) throws SQLException {
        for (String child : existingChildren()) {
            String suffix = child.substring(target.relation().identifier().length() + 2);
            if (!writers.containsKey(suffix)) {
                st.execute("delete from " + dialect.render(Relation.of(target.relation().schema(), child)));
            }
        }
    }

    /**
     * Child tables of the load's table that exist now: tables named {@code <table>__<child>} that
     * hold the bookkeeping columns every loaded child table has ({@code _kiln_parent_id},
     * {@code _kiln_root_id}). A table that only has such a name (another source's
     * {@code events__archive}, a model's) is not emptied by a {@code replace} nor touched by a merge.
     */
    private List<String> existingChildren() throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("select t.table_name from information_schema.tables t"
                + " where t.table_catalog = current_database() and t.table_schema = ? and starts_with(t.table_name, ?)"
                + " and t.table_type = 'BASE TABLE' and (select count(*) from information_schema.columns c"
                + " where c.table_catalog = t.table_catalog and c.table_schema = t.table_schema and c.table_name = t.table_name"
                + " and c.column_name in ('_kiln_parent_id', '_kiln_root_id')) = 2")) {
            ps.setString(1, target.relation().schema());
            ps.setString(2, target.relation().identifier() + "__");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static long count(Statement st, String relation) throws SQLException {
        try (ResultSet rs = st.executeQuery("select count(*) from " + relation)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Relation relation(String table) {
        Relation r = target.relation();
        return new Relation(r.database(), r.schema(), identifier(table));
    }

    private String identifier(String table) {
        return table.isEmpty() ? target.relation().identifier() : target.relation().identifier() + "__" + table;
    }

    /** Drops this load's staging tables (the ones a crash left, or this load's after its commit). */
    private void dropStaging() {
        writers.values().forEach(StagingTable::abandon);
        List<String> stale = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("select table_name from information_schema.tables"
                + " where table_catalog = current_database() and table_schema = ? and starts_with(table_name, ?)")) {
            ps.setString(1, SCHEMA);
            ps.setString(2, stagePrefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stale.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure("listing staging tables", e);
        }
        stale.forEach(t -> session.execute("drop table if exists " + q(SCHEMA) + "." + q(t)));
        writers.clear();
        directTables.clear();
    }

    @Override
    public void close() {
        nativeRows = -1;
        if (inTransaction) {
            writers.values().forEach(StagingTable::abandon);
            inTransaction = false;
            try {
                conn.rollback();
                conn.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is going away; nothing of this load was committed
            }
        }
        try {
            dropStaging();
        } catch (RuntimeException ignored) {
            // best effort: the next load of this table drops them
        }
    }

    static String q(String identifier) {
        return DuckDbDialect.IN_MEMORY.quoteIdentifier(identifier);
    }

    static KilnException failure(String what, Exception e) {
        return new KilnException(ErrorCode.EXECUTION_FAILED, "DuckDB failed " + what + ": " + e.getMessage(), e);
    }
}
