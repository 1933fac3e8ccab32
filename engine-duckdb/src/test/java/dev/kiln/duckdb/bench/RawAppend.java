package dev.kiln.duckdb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Benchmark helper (not a test): appends new rows to tables of DataVision's raw Parquet export,
 * as one more part file per table ({@code part-bench-append.parquet}), for
 * {@code benchmarks/incremental.sh}. The new rows copy the table's newest {@code PERCENT} % of
 * rows (by its time column, so they fall in the last days before as_of, where an incremental
 * run looks) under new ids (the id plus the table's largest id), so they are new rows to every
 * model, not re-deliveries.
 *
 * <p>Arguments: {@code RAW_DIR PERCENT} (the export's folder, e.g. {@code data/raw}); or
 * {@code RAW_DIR --remove} to delete the part files it wrote. Prints the rows added per table.
 */
public final class RawAppend {

    /** The name of the part file this helper writes in each table's folder. */
    static final String PART = "part-bench-append.parquet";

    /** The tables appended to: folder, id column, time column. */
    private static final String[][] TABLES = {
        {"sessions", "session_id", "started_at"},
        {"content_interactions", "interaction_id", "occurred_at"},
    };

    private RawAppend() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: RawAppend RAW_DIR PERCENT | RAW_DIR --remove");
            System.exit(2);
        }
        Path raw = Path.of(args[0]).toAbsolutePath();
        for (String[] t : TABLES) {
            Files.deleteIfExists(raw.resolve(t[0]).resolve(PART));
        }
        if (args[1].equals("--remove")) {
            return;
        }
        double percent = Double.parseDouble(args[1]);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (String[] t : TABLES) {
                append(st, raw.resolve(t[0]), t[1], t[2], percent);
            }
        }
    }

    private static void append(Statement st, Path folder, String id, String time, double percent) throws SQLException {
        String files = "read_parquet('" + folder.toString().replace("'", "''") + "/*.parquet')";
        long rows;
        long maxId;
        try (ResultSet rs = st.executeQuery("select count(*), max(cast(" + id + " as bigint)) from " + files)) {
            rs.next();
            rows = rs.getLong(1);
            maxId = rs.getLong(2);
        }
        String type;
        try (ResultSet rs = st.executeQuery("select column_type from (describe select * from " + files + ") where column_name = '"
                + id + "'")) {
            rs.next();
            type = rs.getString(1);
        }
        long add = (long) Math.ceil(rows * percent / 100.0);
        Path out = folder.resolve(PART);
        st.execute("copy (select * replace (cast(cast(" + id + " as bigint) + " + maxId + " as " + type + ") as " + id + ")"
                + " from " + files + " order by " + time + " desc, " + id + " limit " + add + ") to '"
                + out.toString().replace("'", "''") + "' (format parquet, compression zstd)");
        System.out.printf(Locale.ROOT, "%s: %,d new rows (%.2f %% of %,d), ids shifted by %,d%n", folder.getFileName(), add,
                100.0 * add / rows, rows, maxId);
    }
}
