package dev.kiln.athena;

import dev.kiln.AnalysisStatus;
import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.spi.SyntaxChecker;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrinoSyntaxCheckerTest {

    private final TrinoSyntaxChecker checker = new TrinoSyntaxChecker();

    @TempDir
    Path dir;

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
    void rejectsWhatAthenaRejects() {
        assertThat(checker.check("select `a` from t")).isPresent();        // backticks are Hive DDL only
        assertThat(checker.check("select {'a': 1} as s")).isPresent();     // DuckDB struct literal
        assertThat(checker.check("select a from t group by all")).isEmpty(); // Trino has GROUP BY ALL too
    }

    @Test
    void offsetsOfLinesAndColumns() {
        assertThat(TrinoSyntaxChecker.offset("ab\ncd\nef", 3, 2)).isEqualTo(7);
        assertThat(TrinoSyntaxChecker.offset("ab", 1, 1)).isZero();
        assertThat(TrinoSyntaxChecker.offset("ab", 0, 0)).isEqualTo(-1);
        assertThat(TrinoSyntaxChecker.offset("ab", 4, 1)).isEqualTo(-1);
    }

    @Test
    void anAthenaProjectWithASyntaxErrorDoesNotCompile() {
        TempProject p = TempProject.create(dir, "shop", "athena")
                .file("kiln.yml", """
                        name: shop
                        targets:
                          prod: {type: athena, region: eu-west-1, s3_staging_dir: 's3://b/r/', schema: shop}
                        """)
                .file("models/base.sql", "select 1 as id, current_timestamp at time zone 'UTC' as ts\n")
                .file("models/broken.sql", "select id\nfrom ${ref('base')}\nwhere id >\n");
        assertThatThrownBy(() -> {
            try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
                kiln.compile();
            }
        }).isInstanceOfSatisfying(KilnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROJECT_INVALID);
            assertThat(e.diagnostics()).filteredOn(Diagnostic::isError).singleElement()
                    .satisfies(d -> assertThat(d.format()).startsWith("models/broken.sql:4:1: error: SQL syntax error"));
        });
        p.file("models/broken.sql", "select id\nfrom ${ref('base')}\nwhere id > 0\n");
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            kiln.compile();
            // Calcite cannot parse AT TIME ZONE: unknown, not an error, since Trino's parser accepts it
            assertThat(kiln.analysis().model("model.shop.base").orElseThrow().status()).isEqualTo(AnalysisStatus.UNKNOWN);
            assertThat(kiln.analysis().model("model.shop.broken").orElseThrow().status()).isEqualTo(AnalysisStatus.PARSED);
        }
    }
}
