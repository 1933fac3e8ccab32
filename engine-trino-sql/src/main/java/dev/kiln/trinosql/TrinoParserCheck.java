package dev.kiln.trinosql;

import dev.kiln.spi.SyntaxChecker;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;

import java.util.Optional;

/**
 * Judges SQL with Trino's own parser ({@code io.trino:trino-parser}), in process: no catalog, no
 * connection. The Trino adapter uses it, and so does the Athena adapter (Athena's engine, version
 * 3, is Trino). The release on Kiln's class path is the newest built for Java 17 (435); a newer
 * server, or Athena, may have added to the grammar, so only a parse error fails a build (never a
 * construct this parser accepts), and the check's {@link #id()} names the parser's release.
 * Thread-safe: the parser keeps no state between statements.
 */
public final class TrinoParserCheck implements SyntaxChecker {

    private static final String VERSION = version();

    private final SqlParser parser = new SqlParser();

    /** {@code trino-parser-<release>}. */
    @Override
    public String id() {
        return "trino-parser-" + VERSION;
    }

    @Override
    public Optional<Failure> check(String sql) {
        try {
            parser.createStatement(sql);
            return Optional.empty();
        } catch (ParsingException e) {
            return Optional.of(new Failure(offset(sql, e.getLineNumber(), e.getColumnNumber()), e.getErrorMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty(); // not a parse error: not the parser's to judge
        }
    }

    /** The character offset of a 1-based line and column in {@code sql}, or -1 when unknown. */
    public static int offset(String sql, int line, int column) {
        if (line < 1 || column < 1) {
            return -1;
        }
        int at = 0;
        for (int l = 1; l < line; l++) {
            int nl = sql.indexOf('\n', at);
            if (nl < 0) {
                return -1;
            }
            at = nl + 1;
        }
        return Math.min(sql.length(), at + column - 1);
    }

    private static String version() {
        String v = SqlParser.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
