package dev.kiln.internal.analyze;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calcite's SQL parser, configured to accept as much warehouse SQL as it can: double-quoted
 * case-preserving identifiers, a lenient conformance, and Calcite's Babel grammar (DuckDB's
 * {@code ::} casts, {@code * EXCLUDE}, …) when the core grammar refuses. Thread-safe.
 */
final class CalciteParser {

    /** A parse tree, or where and why parsing failed. */
    record Result(SqlNode node, int errorOffset, String error) {
        boolean ok() {
            return node != null;
        }

        /** A parse that failed at {@code offset} with {@code error}. */
        static Result failed(int offset, String error) {
            return new Result(null, offset, error);
        }
    }

    private static final Pattern AT = Pattern.compile("at line (\\d+), column (\\d+)");

    private final SqlParser.Config core;
    private final SqlParser.Config babel;

    /** A parser with {@code conformance} (e.g. {@link SqlConformanceEnum#LENIENT}). */
    CalciteParser(SqlConformance conformance) {
        this.core = SqlParser.config()
                .withQuoting(Quoting.DOUBLE_QUOTE)
                .withUnquotedCasing(Casing.UNCHANGED)
                .withQuotedCasing(Casing.UNCHANGED)
                .withCaseSensitive(false)
                .withIdentifierMaxLength(1 << 16)
                .withConformance(conformance);
        this.babel = core.withParserFactory(SqlBabelParserImpl.FACTORY);
    }

    /** Parses one statement (a trailing semicolon is allowed). */
    Result parse(String sql) {
        String text = withoutTrailingSemicolon(sql);
        Result first = parse(text, core);
        if (first.ok()) {
            return first;
        }
        Result second = parse(text, babel);
        if (second.ok()) {
            return second;
        }
        return second.errorOffset() > first.errorOffset() ? second : first;
    }

    private static Result parse(String sql, SqlParser.Config config) {
        try {
            return new Result(SqlParser.create(sql, config).parseQuery(), -1, null);
        } catch (SqlParseException e) {
            return failure(sql, e.getPos(), e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return failure(sql, null, String.valueOf(e.getMessage()));
        }
    }

    private static Result failure(String sql, SqlParserPos pos, String message) {
        String msg = message == null ? "cannot parse" : message;
        int line = 0;
        int column = 0;
        if (pos != null && pos.getLineNum() > 0) {
            line = pos.getLineNum();
            column = pos.getColumnNum();
        } else {
            Matcher m = AT.matcher(msg);
            if (m.find()) {
                line = Integer.parseInt(m.group(1));
                column = Integer.parseInt(m.group(2));
            }
        }
        int offset = line > 0 ? new LineIndex(sql).offset(line, column) : sql.length();
        return new Result(null, offset, cleanMessage(msg));
    }

    /** The first line of Calcite's message, without its position (Kiln reports its own). */
    static String cleanMessage(String message) {
        String first = message.strip();
        int nl = first.indexOf('\n');
        if (nl >= 0) {
            first = first.substring(0, nl);
        }
        first = AT.matcher(first).replaceAll("").replaceAll("\\s+\\.", ".").replaceAll("\\s{2,}", " ").strip();
        if (first.endsWith(".")) {
            first = first.substring(0, first.length() - 1).strip();
        }
        return first;
    }

    /** The SQL with a final {@code ;} blanked out (offsets unchanged). */
    static String withoutTrailingSemicolon(String sql) {
        int i = sql.length() - 1;
        while (i >= 0 && Character.isWhitespace(sql.charAt(i))) {
            i--;
        }
        if (i >= 0 && sql.charAt(i) == ';') {
            return sql.substring(0, i) + " " + sql.substring(i + 1);
        }
        return sql;
    }
}
