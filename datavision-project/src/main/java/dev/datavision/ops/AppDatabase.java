package dev.datavision.ops;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * DataVision's application database: a real PostgreSQL server (zonky's embedded binaries, no install
 * step) on 127.0.0.1, database {@value #DATABASE}, owned by the role {@value #USER}. The simulator
 * writes to it as the application would: rows inserted as they appear, updated in place as they change.
 */
final class AppDatabase implements AutoCloseable {

    /** Database the application tables live in (schema {@code public}). */
    static final String DATABASE = "datavision";
    /** Role that owns the database (the one loaders connect as). */
    static final String USER = "datavision";

    private final EmbeddedPostgres postgres;
    private final String password;
    private final Path scratchDir;

    private AppDatabase(EmbeddedPostgres postgres, String password, Path scratchDir) {
        this.postgres = postgres;
        this.password = password;
        this.scratchDir = scratchDir;
    }

    /**
     * Starts a fresh server: the data directory is emptied first (the simulator fills it again).
     *
     * @param dataDir  the server's data directory
     * @param port     TCP port on 127.0.0.1; 0 picks a free one
     * @param password password given to the {@value #USER} role
     */
    static AppDatabase start(Path dataDir, int port, String password) throws IOException, SQLException {
        deleteRecursively(dataDir);
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start the application database (PostgreSQL) on 127.0.0.1:"
                    + (port > 0 ? port : "any") + " with data directory " + dataDir + ": " + e.getMessage()
                    + (port > 0 ? " (is the port taken? choose another with --pg-port)" : ""), e);
        }
        Path scratch = dataDir.resolveSibling(dataDir.getFileName() + "-scratch");
        deleteRecursively(scratch);
        AppDatabase db = new AppDatabase(postgres, password, scratch);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD " + History.literal(password));
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** JDBC URL of the application database (no credentials in it). */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    int port() {
        return postgres.getPort();
    }

    /** A new connection as {@value #USER}. */
    Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    /**
     * Creates the application tables and fills them with the history's state at the cutoff.
     *
     * @return rows written per table
     */
    Map<String, Long> fill(History history, String cutoff) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection pg = connect()) {
            pg.setAutoCommit(false);
            for (AppTable table : AppTable.values()) {
                try (Statement s = pg.createStatement()) {
                    s.execute(table.ddl());
                }
                rows.put(table.tableName, copy(history, table.state(cutoff), pg, table.tableName));
                try (Statement s = pg.createStatement()) {
                    s.execute("ALTER TABLE " + table.tableName + " ADD PRIMARY KEY (" + table.primaryKey + ")");
                    s.execute("CREATE INDEX " + table.tableName + "_updated_at ON " + table.tableName + " (updated_at)");
                }
            }
            pg.commit();
            try (Statement s = pg.createStatement()) {
                pg.setAutoCommit(true);
                s.execute("ANALYZE");
            }
        }
        return rows;
    }

    /**
     * Applies what happened between two cutoffs, in one transaction: new rows inserted, changed rows
     * updated in place (their {@code updated_at} moves forward).
     *
     * @return rows inserted or updated per table
     */
    Map<String, Long> advance(History history, String from, String to) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection pg = connect()) {
            pg.setAutoCommit(false);
            for (AppTable table : AppTable.values()) {
                String staging = "changes_" + table.tableName;
                try (Statement s = pg.createStatement()) {
                    s.execute("CREATE TEMPORARY TABLE " + staging + " (" + table.columns + ") ON COMMIT DROP");
                }
                long n = copy(history, table.changes(from, to), pg, staging);
                List<String> columns = table.columnNames();
                String set = columns.stream().filter(c -> !c.equals(table.primaryKey))
                        .map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
                try (Statement s = pg.createStatement()) {
                    s.executeUpdate("INSERT INTO " + table.tableName + " SELECT * FROM " + staging
                            + " ON CONFLICT (" + table.primaryKey + ") DO UPDATE SET " + set);
                }
                rows.put(table.tableName, n);
            }
            pg.commit();
        }
        return rows;
    }

    /**
     * Copies a DuckDB query's rows into a PostgreSQL table: DuckDB writes them as CSV to a scratch
     * file next to the data directory, PostgreSQL reads it with {@code COPY FROM STDIN}.
     */
    private long copy(History history, String query, Connection pg, String table) throws SQLException {
        Path csv = scratchDir.resolve(table + ".csv");
        try {
            Files.createDirectories(scratchDir);
            try (Statement s = history.connection().createStatement()) {
                s.execute("COPY (" + query + ") TO " + History.literal(csv.toString())
                        + " (FORMAT csv, HEADER false, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S')");
            }
            CopyManager copy = pg.unwrap(PGConnection.class).getCopyAPI();
            try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                return copy.copyIn("COPY " + table + " FROM STDIN WITH (FORMAT csv)", in);
            }
        } catch (IOException e) {
            throw new SQLException("copying " + table + " into the application database failed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(csv);
            } catch (IOException ignored) {
                // scratch space, emptied at the next start
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
