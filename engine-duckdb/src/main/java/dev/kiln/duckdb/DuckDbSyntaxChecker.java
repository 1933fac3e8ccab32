package dev.kiln.duckdb;

import dev.kiln.spi.SyntaxChecker;
import org.duckdb.DuckDBConnection;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Judges SQL with DuckDB's own parser, in process: {@code json_serialize_sql(sql)} parses a
 * statement without binding or running it and reports a parse error with its position. Uses a
 * private in-memory database (parsing needs no tables), opened on the first check (a compile
 * whose analysis is all cached never starts DuckDB), and one duplicated connection per thread
 * that checks at once; the database is shared by the checkers of this JVM and outlives the last
 * one's {@link #close} by a while ({@link SharedParser}).
 */
public final class DuckDbSyntaxChecker implements SyntaxChecker {

    private static final String CHECK = "select j->>'error_type', j->>'error_message', j->>'position'"
            + " from (select json_serialize_sql(?::varchar) as j)";

    /** Many statements in one query: only those that do not parse come back, by 1-based index. */
    private static final String CHECK_ALL = "select i, j->>'error_type', j->>'error_message', j->>'position'"
            + " from (select generate_subscripts(l, 1) as i, json_serialize_sql(unnest(l)) as j"
            + " from (select ?::varchar[] as l)) where starts_with(j::varchar, '{\"error\":true')";

    private static final String VERSION = driverVersion();

    private final SharedParser parser = SharedParser.acquire();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private DuckDbSyntaxChecker() {
    }

    /** The parser this checker uses (shared with this JVM's other checkers). */
    SharedParser parser() {
        return parser;
    }

    /**
     * A checker; DuckDB starts on its first {@link #check}, which throws {@link dev.kiln.KilnException}
     * ({@code ADAPTER_UNAVAILABLE}) if it cannot.
     */
    public static DuckDbSyntaxChecker open() {
        return new DuckDbSyntaxChecker();
    }

    /** {@code duckdb-jdbc-} and the driver's version, read from its jar without starting DuckDB. */
    @Override
    public String id() {
        return "duckdb-jdbc-" + VERSION;
    }

    private static String driverVersion() {
        java.net.URL cls = DuckDBConnection.class.getResource("DuckDBConnection.class");
        String s = cls == null ? "" : cls.toString();
        int bang = s.indexOf("!/");
        if (s.startsWith("jar:") && bang > 0) {
            try (java.io.InputStream in = new java.net.URL(s.substring(0, bang + 2) + "META-INF/MANIFEST.MF").openStream()) {
                String v = new java.util.jar.Manifest(in).getMainAttributes().getValue("Bundle-Version");
                if (v != null) {
                    return v;
                }
            } catch (java.io.IOException ignored) {
                // fall through
            }
        }
        String v = DuckDBConnection.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    @Override
    public Optional<Failure> check(String sql) {
        SharedParser.Checker checker = borrow();
        try {
            checker.statement().setString(1, sql);
            try (ResultSet rs = checker.statement().executeQuery()) {
                if (!rs.next() || !"parser".equals(rs.getString(1))) {
                    return Optional.empty(); // parsed, or not a statement DuckDB serializes: not ours to judge
                }
                return Optional.of(failure(sql, rs.getString(3), rs.getString(2)));
            }
        } catch (SQLException | NumberFormatException e) {
            return Optional.empty();
        } finally {
            parser.giveBack(checker);
        }
    }

    /**
     * Checks a batch in one query (a query has a fixed cost that dwarfs parsing one model). Falls
     * back to one query per statement if the batch query fails.
     */
    @Override
    public List<Optional<Failure>> checkAll(List<String> sqls) {
        if (sqls.size() < 2) {
            return SyntaxChecker.super.checkAll(sqls);
        }
        List<Optional<Failure>> out = new java.util.ArrayList<>(java.util.Collections.nCopies(sqls.size(), Optional.empty()));
        SharedParser.Checker checker = borrow();
        try {
            checker.batch().setArray(1, checker.connection().createArrayOf("VARCHAR", sqls.toArray()));
            try (ResultSet rs = checker.batch().executeQuery()) {
                while (rs.next()) {
                    int i = rs.getInt(1) - 1;
                    if ("parser".equals(rs.getString(2)) && i >= 0 && i < sqls.size()) {
                        out.set(i, Optional.of(failure(sqls.get(i), rs.getString(4), rs.getString(3))));
                    }
                }
            }
            return out;
        } catch (SQLException | NumberFormatException e) {
            return SyntaxChecker.super.checkAll(sqls);
        } finally {
            parser.giveBack(checker);
        }
    }

    /** A parser error of {@code sql} at DuckDB's byte {@code position} (text; may be null). */
    private static Failure failure(String sql, String position, String message) {
        return new Failure(position == null ? -1 : charOffset(sql, Integer.parseInt(position.strip())), message);
    }

    /**
     * Opens DuckDB (unpacking and loading its native library, tens of megabytes) on a thread of
     * its own, so that it overlaps the link stage of a compile that will check an edited model;
     * nothing to do when this JVM's checkers opened it already.
     */
    @Override
    public void warmUp() {
        Thread t = new Thread(() -> {
            try {
                parser.giveBack(borrow());
            } catch (RuntimeException e) {
                // the first check opens it again and says why it cannot
            }
        }, "kiln-duckdb-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private SharedParser.Checker borrow() {
        return parser.borrow(CHECK, CHECK_ALL);
    }

    /** The character offset of a UTF-8 byte offset into {@code s}. */
    static int charOffset(String s, int byteOffset) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            if (bytes >= byteOffset) {
                return i;
            }
            int cp = s.codePointAt(i);
            bytes += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (Character.charCount(cp) == 2) {
                i++;
            }
        }
        return s.length();
    }

    /** This checker's share of the parser: the database closes a while after the last checker is closed. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            parser.release();
        }
    }
}
