package dev.kiln.athena;

import dev.kiln.spi.SyntaxChecker;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;

import java.util.Optional;

/**
 * Judges Athena SQL with Trino's own parser ({@code io.trino:trino-parser}), in process: Athena's
 * engine (version 3) is Trino, so what this parser rejects Athena rejects too. Parses only: no
 * catalog, no connection. Release 435 is the newest built for Java 17; Athena may lag behind or
 * add to Trino's grammar in places, which is why only a parse error (never a construct this
 * parser accepts) fails a build. Thread-safe: Trino's parser keeps no state between statements.
 */
public final class TrinoSyntaxChecker implements SyntaxChecker {

    private static final String VERSION = version();

    private final SqlParser parser = new SqlParser();

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
            return Optional.empty(); // not a parse error: not ours to judge
        }
    }

    /** The character offset of a 1-based line and column in {@code sql}, or -1 when unknown. */
    static int offset(String sql, int line, int column) {
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
