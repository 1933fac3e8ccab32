package dev.datavision.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

/**
 * The simulated history the operational systems replay: the generator's output ({@code data/raw},
 * one folder of Parquet parts per table, and its {@code _manifest.json}), opened as views
 * {@code history_<table>} on an in-memory DuckDB. Not thread-safe: one user at a time.
 */
final class History implements AutoCloseable {

    /** The raw tables the generator writes (each one a folder of Parquet parts). */
    static final List<String> TABLES = List.of("plans", "users", "subscriptions", "plan_changes", "payments",
            "contents", "sessions", "content_interactions", "campaigns", "campaign_events");

    private final Path rawDir;
    private final LocalDate asOf;
    private final String identity;
    private final Connection connection;

    private History(Path rawDir, LocalDate asOf, String identity, Connection connection) {
        this.rawDir = rawDir;
        this.asOf = asOf;
        this.identity = identity;
        this.connection = connection;
    }

    /**
     * Opens the generator's output.
     *
     * @param rawDir the raw directory written by {@code dev.datavision.raw.Main --out}
     * @throws IOException when the directory holds no complete generator output
     */
    static History open(Path rawDir) throws IOException {
        Path manifest = rawDir.resolve("_manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new IOException("no simulated history in " + rawDir + " (" + manifest.getFileName()
                    + " is missing): generate it first with `datavision-project/run --regenerate` or "
                    + "`java -cp … dev.datavision.raw.Main --out " + rawDir + "`");
        }
        JsonNode json = new ObjectMapper().readTree(manifest.toFile());
        LocalDate asOf = LocalDate.parse(json.path("as_of").asText());
        String identity = "seed=" + json.path("seed").asText() + " scale=" + json.path("scale").asText()
                + " as_of=" + asOf;
        try {
            Connection connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = connection.createStatement()) {
                for (String table : TABLES) {
                    Path parts = rawDir.toAbsolutePath().resolve(table).resolve("*.parquet");
                    s.execute("CREATE VIEW history_" + table + " AS SELECT * FROM read_parquet("
                            + literal(parts.toString()) + ")");
                }
            }
            return new History(rawDir, asOf, identity, connection);
        } catch (SQLException e) {
            throw new IOException("cannot read the simulated history in " + rawDir + ": " + e.getMessage(), e);
        }
    }

    /** End of the simulated history (exclusive): the systems' clock cannot go past it. */
    LocalDate asOf() {
        return asOf;
    }

    /** Seed, scale and as_of of the history, to tell one generation from another. */
    String identity() {
        return identity;
    }

    Path rawDir() {
        return rawDir;
    }

    Connection connection() {
        return connection;
    }

    /**
     * The SQL timestamp literal of the instant the systems' state is taken at: the clock's midnight
     * (UTC), or, when the clock has reached as_of, the end of time (the whole history, as written).
     */
    String cutoff(LocalDate clock) {
        return clock.isBefore(asOf) ? "TIMESTAMP '" + clock + " 00:00:00'" : "TIMESTAMP '9999-12-31 00:00:00'";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
