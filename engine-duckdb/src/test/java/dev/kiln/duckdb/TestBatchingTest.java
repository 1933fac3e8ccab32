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

/** Row-level checks of one model run in one scan and give the same results as one query each. */
class TestBatchingTest {

    @TempDir
    Path dir;

    private Map<String, NodeResult> build() {
        TempProject.create(dir, "b", "duckdb")
                .file("kiln.yml", "name: b\ntargets: {dev: {type: duckdb, path: target/b.duckdb}}\n")
                .file("tests/generic/positive.sql", "select * from ${model} where not (${column_name} > 0)\n")
                .file("tests/generic/positive.predicate.sql", "not (${column_name} > 0)\n")
                .file("models/m.sql", "select * from (values (1, 5), (2, -1), (3, -2), (4, null)) v(id, amount)\n")
                .file("models/m.yml", """
                        version: 2
                        models:
                          - name: m
                            columns:
                              - name: id
                                data_tests: [positive]
                              - name: amount
                                data_tests:
                                  - positive
                                  - positive: {config: {severity: warn, where: "id > 2"}}
                                  - positive: {config: {error_if: "> 5"}}
                                  - positive: {config: {limit: 1}}
                        """);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.build(Selection.ALL);
            return r.results().stream().collect(Collectors.toMap(NodeResult::uniqueId, Function.identity()));
        }
    }

    @Test
    void batchedChecksReportEachCheckLikeAlone() {
        Map<String, NodeResult> r = build();
        assertThat(r.get("test.b.positive_m_id").status()).isEqualTo(NodeStatus.PASS);
        assertThat(r.get("test.b.positive_m_amount").status()).isEqualTo(NodeStatus.FAIL);
        assertThat(r.get("test.b.positive_m_amount").failures()).isEqualTo(2);
        assertThat(r.get("test.b.positive_m_amount_2").status()).isEqualTo(NodeStatus.WARN);
        assertThat(r.get("test.b.positive_m_amount_2").failures()).isEqualTo(1);
        assertThat(r.get("test.b.positive_m_amount_3").status()).isEqualTo(NodeStatus.WARN);
        assertThat(r.get("test.b.positive_m_amount_4").failures()).isEqualTo(1);
    }

    @Test
    void checksWithAPredicateAreGroupedByTheTestedRelation() {
        TempProject.create(dir, "b", "duckdb");
        build();
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            var tests = kiln.compile().nodes().stream().filter(n -> n.node().test() != null).toList();
            var batches = new dev.kiln.internal.execute.TestBatches(tests, kiln.compile(), kiln.dialect());
            assertThat(batches.batchedCount()).isEqualTo(4); // the one with `limit` runs alone
            assertThat(tests).filteredOn(t -> t.name().equals("positive_m_amount_2")).singleElement()
                    .satisfies(t -> assertThat(t.failurePredicate()).isEqualTo("(id > 2) and (not (amount > 0))"));
        }
    }

    @Test
    void checksOnAStoredTableRunOneByOneOnDuckDb() {
        build();
        new TempProject(dir).file("kiln.yml", "name: b\nmodels: {+materialized: table}\n"
                + "targets: {dev: {type: duckdb, path: target/b.duckdb}}\n");
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            var tests = kiln.compile().nodes().stream().filter(n -> n.node().test() != null).toList();
            assertThat(new dev.kiln.internal.execute.TestBatches(tests, kiln.compile(), kiln.dialect()).batchedCount())
                    .isZero();
            RunResults r = kiln.build(Selection.ALL);
            assertThat(r.results().stream().filter(n -> n.uniqueId().equals("test.b.positive_m_amount")))
                    .singleElement().satisfies(n -> assertThat(n.failures()).isEqualTo(2));
        }
    }
}
