package dev.kiln.ingest;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.SourceLoad;
import dev.kiln.spi.LoadOutcome;
import dev.kiln.spi.LoadRequest;
import dev.kiln.spi.Loader;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Properties;
import java.util.Set;

/**
 * {@code from: jdbc}: reads a query ({@code query:}) or a whole table ({@code table:}) from any
 * database with a JDBC driver on the class path, streaming ({@code fetch_size} rows at a time,
 * in a read-only transaction so PostgreSQL uses a server-side cursor). With {@code cursor:} the
 * query is wrapped to read only rows past the stored cursor value.
 */
public final class JdbcLoader implements Loader {

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public Set<String> keys() {
        return Set.of("url", "user", "password", "query", "table", "fetch_size");
    }

    @Override
    public void validate(SourceLoad load, Problems problems) {
        Settings.require(load, problems, "from: jdbc", "url");
        if (load.settings().get("query") == null && load.settings().get("table") == null) {
            problems.error("from", "A 'from: jdbc' load needs 'query' (a SELECT) or 'table' (schema.table).",
                    "Add 'query: \"select * from public.users\"' to the table's 'load:'.");
        }
        Object url = load.settings().get("url");
        if (url != null && !String.valueOf(url).isBlank() && !String.valueOf(url).startsWith("jdbc:")) {
            problems.error("url", "'url' must be a JDBC URL (jdbc:postgresql://host:5432/db), not '"
                    + Urls.redact(String.valueOf(url)) + "'.", null);
        }
    }

    @Override
    public LoadOutcome load(LoadRequest request) {
        Settings s = new Settings(request.load(), request.table().sourceName() + "." + request.table().name());
        LoadState state = request.fullRefresh() ? LoadState.EMPTY : LoadState.parse(request.sink().state());
        Cursor cursor = Cursor.of(s, state);
        String url = s.required("url");
        Progress progress = new Progress(request.progress(), s.table());
        try (Connection c = connect(url, s)) {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try {
                c.setReadOnly(true);
            } catch (SQLException notSupported) {
                // a hint only; some drivers refuse it
            }
            String base = s.string("query") != null ? s.string("query").strip().replaceAll(";\\s*$", "")
                    : "select * from " + s.string("table");
            String sql = base;
            Object bound = null;
            if (cursor != null && cursor.bounded()) {
                int type = cursorType(c, base, cursor.column(), s);
                sql = "select * from (" + base + ") kiln_q where " + cursor.column() + (cursor.inclusive() ? " >= ?" : " > ?");
                bound = bind(cursor.lowerBound(), type);
            }
            ResultSetRows rows = new ResultSetRows(request.sink(), s.string("schema_contract"), request.loadId(),
                    s.table(), cursor);
            long staged;
            try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(s.integer("fetch_size", 10_000));
                if (bound != null) {
                    ps.setObject(1, bound);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    staged = rows.stageAll(rs, progress);
                }
            }
            c.rollback();
            LoadState next = new LoadState(cursor == null ? null : cursor.next(), Set.of());
            long committed = request.sink().commit(next.json());
            request.progress().accept(progress.line("loaded"));
            return new LoadOutcome(committed, progress.bytesRead(), 0, "loaded " + staged + " rows ("
                    + Progress.size(progress.bytesRead()) + ")" + (cursor == null ? "" : ", cursor " + cursor.column()
                    + " = " + next.cursor()));
        } catch (SQLException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Reading " + s.table() + " from " + Urls.redact(url)
                    + " failed: " + Urls.redact(String.valueOf(e.getMessage())), e);
        }
    }

    private static Connection connect(String url, Settings s) {
        Properties p = new Properties();
        if (s.string("user") != null) {
            p.setProperty("user", s.string("user"));
        }
        if (s.string("password") != null) {
            p.setProperty("password", s.string("password"));
        }
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e.getCause() != null && e.getCause().getMessage() != null) {
                why += " (" + e.getCause().getMessage() + ")";
            }
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot connect to " + Urls.redact(url) + " to load "
                    + s.table() + " (" + s.load().positionOf("url") + "): " + Urls.redact(why)
                    + ". Check that the database is running and the URL, user and password are right.", e);
        }
    }

    /** The JDBC type of the cursor column, from the query's metadata (no rows read). */
    private static int cursorType(Connection c, String base, String column, Settings s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select * from (" + base + ") kiln_q where 1 = 0");
             ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (md.getColumnLabel(i).equalsIgnoreCase(column)) {
                    return md.getColumnType(i);
                }
            }
        }
        throw new KilnException(ErrorCode.EXECUTION_FAILED, "The cursor column '" + column + "' of " + s.table()
                + " is not among the query's columns (" + s.load().positionOf("cursor") + ").");
    }

    private static Object bind(String value, int type) {
        return switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Long.parseLong(value.replaceAll("\\.0*$", ""));
            case Types.NUMERIC, Types.DECIMAL, Types.REAL, Types.FLOAT, Types.DOUBLE -> new java.math.BigDecimal(value);
            case Types.DATE -> java.sql.Date.valueOf(value.substring(0, 10));
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                java.time.LocalDateTime ts = value.length() == 10 ? java.time.LocalDate.parse(value).atStartOfDay()
                        : Values.parseTimestamp(value);
                yield type == Types.TIMESTAMP_WITH_TIMEZONE ? ts.atOffset(java.time.ZoneOffset.UTC) : Timestamp.valueOf(ts);
            }
            default -> value;
        };
    }
}
