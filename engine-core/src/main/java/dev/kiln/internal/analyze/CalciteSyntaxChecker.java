package dev.kiln.internal.analyze;

import dev.kiln.spi.SyntaxChecker;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

import java.util.Optional;

/**
 * A {@link SyntaxChecker} that judges with Calcite's parser in a given conformance (for
 * example {@link SqlConformanceEnum#PRESTO} for Trino and Athena where no Trino parser is on the
 * class path). Less faithful than the warehouse's own parser: SQL that Calcite cannot parse is
 * reported as a syntax error, so use it only where the dialect stays within what Calcite knows.
 */
public final class CalciteSyntaxChecker implements SyntaxChecker {

    private final SqlConformanceEnum conformance;
    private CalciteParser parser;

    /** A checker in {@code conformance}. */
    public CalciteSyntaxChecker(SqlConformanceEnum conformance) {
        this.conformance = conformance;
    }

    /** A checker in Calcite's lenient conformance. */
    public static CalciteSyntaxChecker lenient() {
        return new CalciteSyntaxChecker(SqlConformanceEnum.LENIENT);
    }

    /** The parser, for {@link ModelParser} to parse once when Calcite is also the judge. */
    synchronized CalciteParser parser() {
        if (parser == null) {
            parser = new CalciteParser(conformance);
        }
        return parser;
    }

    @Override
    public String id() {
        return "calcite-" + conformance.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Optional<Failure> check(String sql) {
        CalciteParser.Result r = parser().parse(sql);
        return r.ok() ? Optional.empty() : Optional.of(new Failure(r.errorOffset(), r.error()));
    }
}
