package dev.kiln.trinosql;

import dev.kiln.spi.SyntaxChecker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrinoParserCheckTest {

    private final TrinoParserCheck checker = new TrinoParserCheck();

    @Test
    void acceptsTrinoSqlThatCalciteCannotParse() {
        assertThat(checker.check("select ts at time zone 'UTC' as utc, transform(xs, x -> x + 1) as ys from t")).isEmpty();
        assertThat(checker.check("select * from t for timestamp as of timestamp '2024-01-01 00:00:00'")).isEmpty();
        assertThat(checker.check("select a, count(*) from \"awsdatacatalog\".\"raw\".\"t\" cross join unnest(xs) as u(x)"
                + " group by a")).isEmpty();
        assertThat(checker.id()).isEqualTo("trino-parser-435");
    }

    @Test
    void reportsTheOffsetOfASyntaxError() {
        SyntaxChecker.Failure f = checker.check("select a,\n  b frm t").orElseThrow();
        assertThat(f.message()).contains("mismatched input 't'");
        assertThat(f.offset()).isEqualTo("select a,\n  b frm ".length());
    }

    @Test
    void rejectsWhatTrinoAndAthenaReject() {
        assertThat(checker.check("select `a` from t")).isPresent();        // backticks are Athena's Hive DDL only
        assertThat(checker.check("select {'a': 1} as s")).isPresent();     // DuckDB struct literal
        assertThat(checker.check("select a from t group by all")).isEmpty(); // Trino has GROUP BY ALL too
    }

    @Test
    void offsetsOfLinesAndColumns() {
        assertThat(TrinoParserCheck.offset("ab\ncd\nef", 3, 2)).isEqualTo(7);
        assertThat(TrinoParserCheck.offset("ab", 1, 1)).isZero();
        assertThat(TrinoParserCheck.offset("ab", 0, 0)).isEqualTo(-1);
        assertThat(TrinoParserCheck.offset("ab", 4, 1)).isEqualTo(-1);
    }
}
