package dev.kiln.serve;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.RowHandler;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The served models, copied into the server's own in-memory DuckDB so that the target's
 * database is free for builds. Each {@link #refresh} copies every model into a new schema
 * ({@code v1}, {@code v2}, …) and then makes it the one served in a single step; requests
 * that still read the previous version finish on it, and it is dropped after the last one.
 */
public final class Replica implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final DuckDBConnection root;
    /** For dropping old versions and measuring memory, apart from the copy that uses {@link #root}. */
    private final DuckDBConnection admin;
    private final BlockingQueue<ReadConnection> idle;
    private final AtomicInteger opened = new AtomicInteger();
    private final int maxConnections;
    private final Object writeLock = new Object();
    private volatile ReplicaVersion current;
    private long versions;
    private volatile boolean closed;

    /** An empty replica whose reads use at most {@code maxConnections} connections at once. */
    public Replica(int maxConnections) {
        this.maxConnections = Math.max(1, maxConnections);
        this.idle = new ArrayBlockingQueue<>(this.maxConnections);
        try {
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            admin = (DuckDBConnection) root.duplicate();
        } catch (SQLException e) {
            throw new KilnException(ErrorCode.IO, "Cannot open the in-memory DuckDB of the replica: " + e.getMessage(), e);
        }
    }

    /** The version served now, or {@code null} before the first copy. */
    public ReplicaVersion current() {
        return current;
    }

    /**
     * Copies {@code models} from {@code source} into a new version and serves it. On failure
     * the previous version stays served and the exception says what went wrong.
     */
    public ReplicaVersion refresh(ReplicaSource source, List<ServedModel> models) {
        return refresh(source, models, tables -> { });
    }

    /**
     * Like {@link #refresh(ReplicaSource, List)}, with {@code check} run on the copied tables
     * before they are served: when it throws, the copy is discarded and the previous version stays.
     */
    public ReplicaVersion refresh(ReplicaSource source, List<ServedModel> models,
                                  java.util.function.Consumer<Map<String, ReplicaTable>> check) {
        return refresh(source, models, check, (number, tables, connection) -> { });
    }

    /** Work on a copied version before it is served (building key indexes). */
    interface Preparation {
        void prepare(long version, Map<String, ReplicaTable> tables, Connection connection);
    }

    /**
     * Like {@link #refresh(ReplicaSource, List, java.util.function.Consumer)}, then {@code prepare}
     * run on the checked copy, through a connection that reads it, before it is served.
     */
    ReplicaVersion refresh(ReplicaSource source, List<ServedModel> models,
                           java.util.function.Consumer<Map<String, ReplicaTable>> check, Preparation prepare) {
        synchronized (writeLock) {
            long number = versions + 1;
            String schema = "v" + number;
            Instant start = Instant.now();
            Map<String, ReplicaTable> tables = new LinkedHashMap<>();
            try (Statement st = root.createStatement()) {
                st.execute("create schema " + schema);
            } catch (SQLException e) {
                throw new KilnException(ErrorCode.IO, "Cannot create the replica's schema: " + e.getMessage(), e);
            }
            try (ReplicaSource.Reader reader = source.open()) {
                for (ServedModel m : models) {
                    if (!tables.containsKey(m.name())) {
                        tables.put(m.name(), copy(reader, m, schema));
                    }
                }
                reader.close();
                check.accept(tables);
                prepare.prepare(number, tables, root);
            } catch (RuntimeException e) {
                drop(schema);
                throw e;
            }
            versions = number;
            Instant now = Instant.now();
            String etag = "\"" + Long.toString(now.toEpochMilli(), 36) + "-" + number + "\"";
            ReplicaVersion next = new ReplicaVersion(number, etag, now, Duration.between(start, now), tables);
            ReplicaVersion previous = current;
            current = next;
            if (previous != null) {
                release(previous);
            }
            return next;
        }
    }

    private ReplicaTable copy(ReplicaSource.Reader reader, ServedModel model, String schema) {
        if (!reader.exists(model)) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Model '" + model.name() + "' is not built yet ("
                    + model.relation() + " does not exist on the target). Build it first: kiln build -s +" + model.name());
        }
        String table = "\"" + schema + "\".\"" + model.name().replace("\"", "\"\"") + "\"";
        try {
            if (reader.copyInto(model, root, table)) {
                return described(model, table);
            }
        } catch (SQLException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot copy model '" + model.name() + "' ("
                    + model.relation() + ") into the replica: " + e.getMessage(), e);
        }
        Copy copy = new Copy(table);
        try {
            reader.stream(model, copy);
            copy.finish();
        } catch (KilnException e) {
            copy.abandon();
            throw new KilnException(e.code(), "Cannot copy model '" + model.name() + "' (" + model.relation()
                    + ") into the replica: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            copy.abandon();
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot copy model '" + model.name() + "' ("
                    + model.relation() + ") into the replica: " + e.getMessage(), e);
        }
        return new ReplicaTable(model, table, copy.columns, copy.rows);
    }

    /** A table a reader created itself: its columns and rows, read back. */
    private ReplicaTable described(ServedModel model, String table) throws SQLException {
        List<ReplicaColumn> columns = new ArrayList<>();
        long rows;
        try (Statement st = root.createStatement()) {
            try (ResultSet rs = st.executeQuery("describe " + table)) {
                while (rs.next()) {
                    String type = rs.getString("column_type");
                    columns.add(new ReplicaColumn(rs.getString("column_name"), type, ColumnKind.of(type)));
                }
            }
            try (ResultSet rs = st.executeQuery("select count(*) from " + table)) {
                rs.next();
                rows = rs.getLong(1);
            }
        }
        return new ReplicaTable(model, table, columns, rows);
    }

    /** Streams one model's rows into a new table through a DuckDB appender. */
    private final class Copy implements RowHandler {
        private final String table;
        private final List<ReplicaColumn> columns = new ArrayList<>();
        private DuckDBAppender appender;
        private long rows;

        Copy(String table) {
            this.table = table;
        }

        @Override
        public void start(List<String> names, List<String> types) {
            StringBuilder ddl = new StringBuilder("create table ").append(table).append(" (");
            for (int i = 0; i < names.size(); i++) {
                String type = ReplicaTypes.duckdb(types.get(i));
                columns.add(new ReplicaColumn(names.get(i), type, ColumnKind.of(type)));
                ddl.append(i == 0 ? "" : ", ").append('"').append(names.get(i).replace("\"", "\"\"")).append("\" ").append(type);
            }
            try (Statement st = root.createStatement()) {
                st.execute(ddl.append(')').toString());
                String[] parts = table.split("\\.", 2);
                appender = root.createAppender(unquote(parts[0]), unquote(parts[1]));
            } catch (SQLException e) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, e.getMessage(), e);
            }
        }

        @Override
        public void row(List<Object> values) {
            try {
                appender.beginRow();
                for (int i = 0; i < columns.size(); i++) {
                    ReplicaTypes.append(appender, columns.get(i).type(), values.get(i));
                }
                appender.endRow();
                rows++;
            } catch (SQLException | RuntimeException e) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "row " + (rows + 1) + ": " + e.getMessage(), e);
            }
        }

        void finish() {
            if (appender == null) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "the query returned no result set");
            }
            try {
                appender.close();
            } catch (SQLException e) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, e.getMessage(), e);
            }
        }

        void abandon() {
            if (appender != null) {
                try {
                    appender.close();
                } catch (SQLException | RuntimeException ignored) {
                    // the schema is dropped next
                }
            }
        }
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("\"\"", "\"");
    }

    /**
     * Holds the current version, and a connection to read it once one is needed (an answer from
     * a key index needs none); close the lease when done.
     *
     * @throws ReplicaUnavailable when nothing is loaded yet
     */
    public Lease lease() {
        ReplicaVersion v;
        do {
            v = current;
            if (v == null || closed) {
                throw new ReplicaUnavailable("The data is still loading; try again shortly.");
            }
        } while (!v.retain());
        return new Lease(v);
    }

    private ReadConnection connection() {
        ReadConnection c = idle.poll();
        if (c != null) {
            return c;
        }
        if (opened.incrementAndGet() <= maxConnections) {
            try {
                return new ReadConnection((DuckDBConnection) root.duplicate());
            } catch (SQLException e) {
                opened.decrementAndGet();
                throw new KilnException(ErrorCode.IO, "Cannot open a replica connection: " + e.getMessage(), e);
            }
        }
        opened.decrementAndGet();
        try {
            c = idle.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (c == null) {
            throw new ReplicaUnavailable("The server is busy (no database connection freed up in 10 s); try again shortly.");
        }
        return c;
    }

    private void release(ReplicaVersion v) {
        if (v.release() && v != current) {
            drop("v" + v.number());
        }
    }

    private void drop(String schema) {
        synchronized (admin) {
            try (Statement st = admin.createStatement()) {
                st.execute("drop schema if exists " + schema + " cascade");
            } catch (SQLException e) {
                LOG.warn("Could not drop replica schema {}: {}", schema, e.getMessage());
            }
        }
    }

    /** Bytes of memory the replica's DuckDB uses now. */
    public long memoryBytes() {
        synchronized (admin) {
            try (Statement st = admin.createStatement();
                 ResultSet rs = st.executeQuery("select sum(memory_usage_bytes) from duckdb_memory()")) {
                return rs.next() ? rs.getLong(1) : -1;
            } catch (SQLException e) {
                return -1;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ReadConnection c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
        try {
            admin.close();
            root.close();
        } catch (SQLException ignored) {
            // closing
        }
    }

    /** A connection with its prepared statements, kept for reuse. */
    private static final class ReadConnection {
        private final DuckDBConnection connection;
        private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(64, 0.75f, true);
        private long version;

        ReadConnection(DuckDBConnection connection) {
            this.connection = connection;
        }

        PreparedStatement prepare(String sql, long forVersion) throws SQLException {
            if (forVersion != version) {
                statements.values().forEach(ReadConnection::closeQuietly);
                statements.clear();
                version = forVersion;
            }
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                statements.put(sql, ps);
                if (statements.size() > 256) {
                    var eldest = statements.entrySet().iterator().next();
                    closeQuietly(eldest.getValue());
                    statements.remove(eldest.getKey());
                }
            }
            return ps;
        }

        void close() {
            statements.values().forEach(ReadConnection::closeQuietly);
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing
            }
        }

        private static void closeQuietly(PreparedStatement ps) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
    }

    /** A version held for one request, and a connection to read it (taken on first use). */
    public final class Lease implements AutoCloseable {
        private final ReplicaVersion version;
        private ReadConnection connection;
        private boolean released;

        private Lease(ReplicaVersion version) {
            this.version = version;
        }

        /** The version this request reads. */
        public ReplicaVersion version() {
            return version;
        }

        /**
         * A prepared statement for {@code sql}, cached on this lease's connection.
         *
         * @throws ReplicaUnavailable when no connection frees up in time
         */
        public PreparedStatement prepare(String sql) throws SQLException {
            if (connection == null) {
                connection = connection();
            }
            return connection.prepare(sql, version.number());
        }

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            if (connection != null) {
                if (closed || !idle.offer(connection)) {
                    connection.close();
                    opened.decrementAndGet();
                }
                connection = null;
            }
            release(version);
        }
    }
}
