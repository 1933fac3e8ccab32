package dev.kiln.spi;

import dev.kiln.Relation;
import dev.kiln.SourceTable;

import java.nio.file.Path;

/**
 * How a warehouse spells SQL. Vendor differences live behind these methods (in the manner
 * of Calcite's {@code SqlDialect}); the core never asks which vendor it is talking to.
 * The base class speaks ANSI SQL; adapters subclass it and override what differs.
 *
 * <p>The {@code dateadd}, {@code datediff}, {@code date_trunc}, {@code safe_cast},
 * {@code concat} and {@code hash} template helpers call the methods of the same name,
 * passing SQL expressions as text.
 */
public class Dialect {

    /** The ANSI dialect, used when no adapter is on the class path. */
    public static final Dialect ANSI = new Dialect();

    /** A short name of the dialect, for messages ({@code ansi}, {@code duckdb}, {@code athena}). */
    public String name() {
        return "ansi";
    }

    /** The schema a model lands in when neither its config nor the target names one. */
    public String defaultSchema() {
        return "main";
    }

    /** Quotes an identifier, doubling embedded quotes. */
    public String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Quotes a string literal. */
    public String quoteString(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Renders a relation as it appears in a FROM clause. */
    public String render(Relation relation) {
        StringBuilder sb = new StringBuilder();
        if (relation.database() != null) {
            sb.append(quoteIdentifier(relation.database())).append('.');
        }
        if (relation.schema() != null) {
            sb.append(quoteIdentifier(relation.schema())).append('.');
        }
        return sb.append(quoteIdentifier(relation.identifier())).toString();
    }

    /**
     * Renders a declared source. The base class renders its relation; a dialect that can read
     * files directly (DuckDB) renders {@code external_location} as a file scan instead.
     *
     * @param source      the source table
     * @param projectRoot the project directory, against which relative locations resolve
     */
    public String renderSource(SourceTable source, Path projectRoot) {
        return render(source.relation());
    }

    /** {@code expr} plus {@code amount} units of {@code datepart} ({@code day}, {@code month}, …). */
    public String dateadd(String datepart, String amount, String expr) {
        return "(" + expr + " + interval '" + amount + "' " + datepart + ")";
    }

    /** The number of {@code datepart} boundaries between two dates or timestamps. */
    public String datediff(String datepart, String start, String end) {
        return "datediff('" + datepart + "', " + start + ", " + end + ")";
    }

    /** {@code expr} truncated to the {@code datepart}. */
    public String dateTrunc(String datepart, String expr) {
        return "date_trunc('" + datepart + "', " + expr + ")";
    }

    /** A cast that yields null instead of failing. */
    public String safeCast(String expr, String type) {
        return "cast(" + expr + " as " + type + ")";
    }

    /** String concatenation of the expressions. */
    public String concat(java.util.List<String> exprs) {
        return "(" + String.join(" || ", exprs) + ")";
    }

    /** A hex MD5 hash of the expression cast to text. */
    public String hash(String expr) {
        return "md5(cast(" + expr + " as varchar))";
    }

    /** The current timestamp. */
    public String currentTimestamp() {
        return "current_timestamp";
    }

    /** The SQL type name for text. */
    public String typeString() {
        return "varchar";
    }
}
