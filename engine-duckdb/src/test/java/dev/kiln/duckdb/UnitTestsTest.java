package dev.kiln.duckdb;

import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** YAML unit tests run on in-memory DuckDB with fixture rows. */
class UnitTestsTest {

    @TempDir
    Path dir;

    private TempProject project(String unitTests) {
        return TempProject.create(dir, "u", "duckdb")
                .file("kiln.yml", "name: u\nvars: {vip_threshold: 100}\ntargets: {dev: {type: duckdb, path: target/u.duckdb}}\n")
                .file("models/src.yml", "version: 2\nsources: [{name: raw, tables: [{name: payments, external_location: data/none.parquet}]}]\n")
                .file("models/fct_payments.sql", "select user_id, amount, paid_at from ${source('raw', 'payments')}\n")
                .file("models/scores.sql", """
                        select user_id, sum(amount) as total,
                               case when sum(amount) >= ${var('vip_threshold')} then 'vip' else 'regular' end as tier,
                               max(paid_at) as last_paid
                        from ${ref('fct_payments')}
                        group by user_id
                        """)
                .file("models/unit.yml", unitTests);
    }

    private Map<String, NodeResult> test() {
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.test(Selection.parse("scores"));
            return r.results().stream().collect(Collectors.toMap(n -> n.uniqueId(), Function.identity()));
        }
    }

    @Test
    void passingAndFailingUnitTestsWithADiff() {
        project("""
                version: 2
                unit_tests:
                  - name: vip_user
                    model: scores
                    given:
                      - input: ref('fct_payments')
                        rows:
                          - {user_id: 1, amount: 60.0, paid_at: '2026-10-01'}
                          - {user_id: 1, amount: 50.0, paid_at: '2026-10-30'}
                          - {user_id: 2, amount: 10.0, paid_at: '2026-10-02'}
                    expect:
                      rows:
                        - {user_id: 1, total: 110, tier: vip, last_paid: '2026-10-30'}
                        - {user_id: 2, tier: regular}
                  - name: threshold_override
                    model: scores
                    overrides: {vars: {vip_threshold: 5}}
                    given:
                      - input: ref('fct_payments')
                        rows: [{user_id: 2, amount: 10.0, paid_at: '2026-10-02'}]
                    expect:
                      rows: [{user_id: 2, tier: regular}]
                """);
        Map<String, NodeResult> r = test();
        assertThat(r.get("unit_test.u.scores.vip_user").status()).isEqualTo(NodeStatus.PASS);
        NodeResult failed = r.get("unit_test.u.scores.threshold_override");
        assertThat(failed.status()).isEqualTo(NodeStatus.FAIL);
        assertThat(failed.message()).contains("expected but missing:", "- {user_id: 2, tier: regular}",
                "returned but not expected:", "+ {user_id: 2, tier: vip}");
        assertThat(dir.resolve("target/u.duckdb")).exists();
    }

    @Test
    void missingInputIsAnErrorThatNamesIt() {
        project("""
                version: 2
                unit_tests:
                  - name: no_inputs
                    model: scores
                    given: []
                    expect: {rows: []}
                """);
        NodeResult r = test().get("unit_test.u.scores.no_inputs");
        assertThat(r.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(r.message()).contains("ref('fct_payments')", "given");
    }

    @Test
    void aFailingUnitTestSkipsItsModelInBuild() {
        project("""
                version: 2
                unit_tests:
                  - name: wrong
                    model: fct_payments
                    given:
                      - input: source('raw', 'payments')
                        rows: [{user_id: 1, amount: 1.0, paid_at: '2026-10-01'}]
                    expect:
                      rows: [{user_id: 99}]
                """);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.build(Selection.parse("fct_payments"));
            Map<String, NodeResult> byId = r.results().stream().collect(Collectors.toMap(NodeResult::uniqueId, Function.identity()));
            assertThat(byId.get("unit_test.u.fct_payments.wrong").status()).isEqualTo(NodeStatus.FAIL);
            assertThat(byId.get("model.u.fct_payments").status()).isEqualTo(NodeStatus.SKIPPED);
        }
    }

    @Test
    void csvAndSqlFixturesAsInDbt() {
        project("""
                version: 2
                unit_tests:
                  - name: csv_rows
                    model: scores
                    given:
                      - input: ref('fct_payments')
                        format: csv
                        rows: |
                          user_id,amount,paid_at
                          1,60.0,2026-10-01
                          1,50.0,2026-10-30
                          2,10.0,2026-10-02
                    expect:
                      format: csv
                      rows: |
                        user_id,total,tier,last_paid
                        1,110,vip,2026-10-30
                        2,10,regular,2026-10-02
                  - name: sql_rows
                    model: scores
                    given:
                      - input: ref('fct_payments')
                        format: sql
                        rows: |
                          select 1 as user_id, 150.0 as amount, date '2026-10-01' as paid_at
                          union all select 3, 5.0, date '2026-10-03'
                    expect:
                      format: sql
                      rows: select 1 as user_id, 'vip' as tier union all select 3, 'regular'
                  - name: csv_wrong
                    model: scores
                    given:
                      - input: ref('fct_payments')
                        format: csv
                        rows: |
                          user_id,amount,paid_at
                          1,"1,000.5",2026-10-01
                    expect:
                      format: csv
                      rows: |
                        user_id,tier
                        1,regular
                """);
        Map<String, NodeResult> r = test();
        assertThat(r.get("unit_test.u.scores.csv_rows").status()).as(r.get("unit_test.u.scores.csv_rows").message())
                .isEqualTo(NodeStatus.PASS);
        assertThat(r.get("unit_test.u.scores.sql_rows").status()).as(r.get("unit_test.u.scores.sql_rows").message())
                .isEqualTo(NodeStatus.PASS);
        // a quoted CSV value stays text: "1,000.5" is not a number, so the sum fails to bind or the row differs
        assertThat(r.get("unit_test.u.scores.csv_wrong").status()).isIn(NodeStatus.FAIL, NodeStatus.ERROR);
    }

    @Test
    void aBadCsvRowIsReportedAtItsLine() {
        project("""
                version: 2
                unit_tests:
                  - name: bad_rows
                    model: scores
                    given:
                      - input: ref('fct_payments')
                        format: csv
                        rows: |
                          user_id,amount,paid_at
                          1,60.0,2026-10-01
                          2,10.0
                    expect:
                      format: xml
                      rows: []
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Kiln.configure().projectDir(dir).load().close())
                .isInstanceOfSatisfying(dev.kiln.KilnException.class, e -> assertThat(e.describe())
                        .contains("models/unit.yml:11:1", "given ref('fct_payments'): this CSV row has 2 value(s) but the header names 3",
                                "models/unit.yml:13:", "format 'xml' is unknown"));
    }
}
