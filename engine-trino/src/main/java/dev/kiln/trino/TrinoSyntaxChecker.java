package dev.kiln.trino;

import dev.kiln.spi.SyntaxChecker;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;

import java.util.Optional;

/**
 * Judges a model's SQL with Trino's own parser ({@code io.trino:trino-parser}), in process: no
 * catalog, no connection. The release on Kiln's class path is the newest built for Java 17
 * (435); a construct a newer server added to the grammar may be rejected by it, so the
 * check names the parser's release in its id. Thread-safe: the parser keeps no state between
 * statements.
 */
final class TrinoSyntaxChecker implements SyntaxChecker {

    private final SqlParser parser = new SqlParser();

    @Override
    public String id() {
        String v = SqlParser.class.getPackage().getImplementationVersion();
        return "trino-parser-" + (v == null ? "unknown" : v);
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
}
