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
}
