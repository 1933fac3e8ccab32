package dev.kiln.duckdb;

import dev.kiln.AnalysisReport;
import dev.kiln.AnalysisStatus;
import dev.kiln.CompiledProject;
import dev.kiln.Diagnostic;
import dev.kiln.Kiln;
import dev.kiln.internal.analyze.AnalyzerOptions;
import dev.kiln.internal.analyze.SqlAnalyzer;
import dev.kiln.spi.SyntaxChecker;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class DuckDbSyntaxCheckerTest {

    private static DuckDbSyntaxChecker checker;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        checker = DuckDbSyntaxChecker.open();
    }

    @AfterAll
    static void close() {
        checker.close();
    }

    @Test
    void acceptsDuckDbSqlThatCalciteCannotParse() {
        assertThat(checker.check("select {'a': 1} as s, [1, 2] as l, * exclude (x) from t")).isEmpty();
        assertThat(checker.check("select x from read_parquet('/no/such/*.parquet') group by all")).isEmpty();
        assertThat(checker.id()).startsWith("duckdb-jdbc-").doesNotContain("unknown");
    }

    @Test
    void reportsTheOffsetOfASyntaxError() {
        SyntaxChecker.Failure f = checker.check("select a,\n  b frm t").orElseThrow();
        assertThat(f.message()).contains("syntax error at or near \"t\"");
        assertThat(f.offset()).isEqualTo("select a,\n  b frm ".length());
    }

    @Test
    void countsCharactersNotBytes() {
        SyntaxChecker.Failure f = checker.check("select 'é€', a frm t").orElseThrow();
        assertThat(f.offset()).isEqualTo("select 'é€', a frm ".length());
    }

    @Test
    void checksABatchInOneQueryWithTheSameVerdictsAsOneByOne() {
        List<String> sqls = List.of("select 1 as x", "select a,\n  b frm t", "select {'a': 1} as s",
                "select 'é€', a frm t", "create table x as select 1", "select * from t group by all");
        List<java.util.Optional<SyntaxChecker.Failure>> batch = checker.checkAll(sqls);
        assertThat(batch).hasSize(sqls.size());
        for (int i = 0; i < sqls.size(); i++) {
            assertThat(batch.get(i)).as(sqls.get(i)).isEqualTo(checker.check(sqls.get(i)));
        }
        assertThat(batch).extracting(java.util.Optional::isPresent).containsExactly(false, true, false, true, false, false);
        assertThat(batch.get(3).orElseThrow().offset()).isEqualTo("select 'é€', a frm ".length());
    }

    @Test
    void leavesStatementsItCannotSerializeAlone() {
        assertThat(checker.check("create table x as select 1")).isEmpty();
    }

    @Test
    void isSafeFromSeveralThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String sql = i % 2 == 0 ? "select " + i + " as x" : "select " + i + " frm t";
                int n = i;
                results.add(pool.submit(() -> checker.check(sql).isPresent() == (n % 2 == 1)));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void syntaxErrorsOfADuckDbProjectPointIntoTheModelFile() {
        TempProject p = TempProject.create(dir, "shop", "duckdb")
                .file("models/base.sql", "select 1 as id, {'k': 2} as s\n")
                .file("models/broken.sql", "select id,\n  count(*) as n\nfrom ${ref('base')} b\ngroup by id order\n");
        CompiledProject compiled;
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).analyze(false).load()) {
            compiled = kiln.compile();
            AnalysisReport r = new SqlAnalyzer(AnalyzerOptions.of(kiln.dialect()).withSyntaxChecker(checker))
                    .analyze(compiled);
            assertThat(r.model("model.shop.base").orElseThrow().status()).isEqualTo(AnalysisStatus.UNKNOWN);
            assertThat(r.model("model.shop.broken").orElseThrow().status()).isEqualTo(AnalysisStatus.ERROR);
            Diagnostic d = r.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
            assertThat(d.position().toString()).isEqualTo("models/broken.sql:4:13");
            assertThat(d.message()).contains("syntax error at or near \"order\"")
                    .contains("4 | group by id order\n    |             ^");
        }
    }

    @Test
    void catalogQualifiedReadsOfTheProjectsDatabaseNeedRef() {
        TempProject p = TempProject.create(dir, "shop", "duckdb")
                .file("models/base.sql", "select 1 as id\n")
                .file("models/x.sql", "select * from dev.main.base\nunion all\nselect * from attached_db.main.base\n");
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).analyze(false).load()) {
            AnalysisReport r = new SqlAnalyzer(AnalyzerOptions.of(kiln.dialect()).withSyntaxChecker(checker))
                    .analyze(kiln.compile());
            assertThat(r.diagnostics()).extracting(Diagnostic::format).containsExactly(
                    "models/x.sql:1:15: error: reads dev.main.base without ref(); write ${ref('base')}\n"
                            + "  hint: Without ref() Kiln does not know that x depends on it, and may build x first.");
            assertThat(r.model("model.shop.x").orElseThrow().tablesRead()).extracting(t -> t.name())
                    .containsExactly("dev.main.base", "attached_db.main.base");
        }
    }
}
