package dev.kiln.internal.analyze;

import dev.kiln.AnalysisReport;
import dev.kiln.AnalysisStatus;
import dev.kiln.Diagnostic;
import dev.kiln.ModelAnalysis;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The analysis's budget per model, and long UNION ALL chains parsed branch by branch. */
class AnalysisBudgetTest {

    @TempDir
    Path dir;

    private static String chain(int branches) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < branches; i++) {
            sql.append(i == 0 ? "" : "\nunion all\n").append("select ").append(i).append(" as id, 'v").append(i).append("' as name");
        }
        return sql.append('\n').toString();
    }

    @Test
    void aLongChainSplitsIntoItsBranchesWithTheirOffsets() {
        String sql = chain(100);
        List<UnionChain.Branch> branches = UnionChain.split(sql);
        assertThat(branches).hasSize(100);
        for (UnionChain.Branch b : branches) {
            assertThat(sql.substring(b.offset(), b.offset() + b.sql().length())).isEqualTo(b.sql());
            assertThat(b.sql().strip()).startsWith("select ").doesNotContainIgnoringCase("union");
        }
    }

    @Test
    void onlyLongPlainChainsAreSplit() {
        assertThat(UnionChain.split(chain(10))).as("short").isEmpty();
        assertThat(UnionChain.split("with x as (select 1 as id)\n" + chain(100))).as("under WITH").isEmpty();
        assertThat(UnionChain.split(chain(100) + "order by id\n")).as("ORDER BY of the whole union").isEmpty();
        assertThat(UnionChain.split(chain(100).replaceFirst("union all", "union"))).as("UNION distinct").isEmpty();
        assertThat(UnionChain.split(chain(100) + "-- union\n")).as("a comment").hasSize(100);
        String quoted = chain(100).replace("'v5'", "'x union all y'").replace("'v6'", "\"union\"");
        assertThat(UnionChain.split(quoted)).as("quoted text").hasSize(100);
        assertThat(UnionChain.split(chain(100).replace("select 7 as id", "select (select 1 union all select 2) as id")))
                .as("a nested chain stays in its branch").hasSize(100);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard, not a measurement (see benchmarks/)
    void aLongChainIsAnalysedWithItsLineage() {
        TempProject p = AnalyzeFixture.project(dir).file("models/big.sql", chain(5_000))
                .file("models/after.sql", "select id, name from ${ref('big')}\n");
        AnalysisReport r = AnalyzeFixture.analyze(p, AnalyzeFixture.options());
        ModelAnalysis big = r.model("model.shop.big").orElseThrow();
        assertThat(big.status()).isEqualTo(AnalysisStatus.PARSED);
        assertThat(big.columnNames()).containsExactly("id", "name");
        assertThat(r.model("model.shop.after").orElseThrow().columnNames()).containsExactly("id", "name");
        assertThat(r.hasErrors()).isFalse();
    }

    @Test
    void aSyntaxErrorInABranchIsReportedAtItsPlace() {
        String sql = chain(100).replace("select 42 as id", "select 42 as id from from");
        TempProject p = AnalyzeFixture.project(dir).file("models/big.sql", sql);
        AnalysisReport r = AnalyzeFixture.analyze(p, AnalyzeFixture.options().withStrict(true));
        Diagnostic d = r.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
        int line = (int) sql.substring(0, sql.indexOf("from from")).chars().filter(c -> c == '\n').count() + 1;
        assertThat(d.position().line()).isEqualTo(line);
    }

    @Test
    void overTheSizeBudgetAModelIsUnknownNotAHang() {
        ParsedModel m = new ModelParser(null, new AnalysisBudget(1_000, Duration.ofSeconds(30))).parse(chain(200), List.of());
        assertThat(m.status()).isEqualTo(AnalysisStatus.UNKNOWN);
        assertThat(m.error()).contains("more than the analysis budget of 1,000");
    }

    @Test
    void overTheTimeBudgetAModelIsUnknownNotAHang() {
        AnalysisBudget none = new AnalysisBudget(Integer.MAX_VALUE, Duration.ZERO);
        ParsedModel chained = new ModelParser(null, none).parse(chain(200), List.of());
        assertThat(chained.status()).isEqualTo(AnalysisStatus.UNKNOWN);
        assertThat(chained.error()).contains("longer than the analysis budget");
        String large = "select 1 as id\n" + "-- padding\n".repeat(ModelParser.INLINE_CHARS / 10);
        ParsedModel whole = new ModelParser(null, none).parse(large, List.of());
        assertThat(whole.status()).isEqualTo(AnalysisStatus.UNKNOWN);
        assertThat(whole.error()).contains("longer than the analysis budget");
    }
}
