package dev.kiln.testkit;

import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.spi.RelationKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The expectations every adapter must meet. An adapter's test suite extends this class and
 * says how to open a target; each test runs against a real warehouse. The cases of
 * {@link MaterializationContract} (incremental strategies, schema changes, snapshots) are part of
 * it; an adapter that can only be tested against a stand-in for its warehouse may extend that
 * class alone.
 */
public abstract class AdapterContract extends MaterializationContract {

    /** A query that runs for many seconds, to test cancellation. */
    protected abstract String slowQuery();

    @Test
    void executesAndQueries() {
        session.ensureSchema("contract");
        session.ensureSchema("contract");
        session.execute(dialect.createTableAs(Relation.of("contract", "t"), "select 1 as id, 'a' as name"));
        var r = session.query("select id, name from " + dialect.render(Relation.of("contract", "t")), 10);
        assertThat(r.columns()).containsExactly("id", "name");
        assertThat(r.rows()).hasSize(1);
        assertThat(((Number) r.rows().get(0).get(0)).intValue()).isEqualTo(1);
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void queryTruncatesAtMaxRows() {
        var r = session.query("select * from (values (1), (2), (3)) as v(x)", 2);
        assertThat(r.rows()).hasSize(2);
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void streamHandsEveryRowInOrderWithTheShapeFirst() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        session.stream("select x, 'r' || cast(x as varchar) as label from (values (1), (2), (3)) as v(x) order by x",
                new dev.kiln.spi.RowHandler() {
                    @Override
                    public void start(java.util.List<String> columns, java.util.List<String> types) {
                        seen.add(String.join(",", columns));
                    }

                    @Override
                    public void row(java.util.List<Object> values) {
                        seen.add(((Number) values.get(0)).intValue() + ":" + values.get(1));
                    }
                });
        assertThat(seen).containsExactly("x,label", "1:r1", "2:r2", "3:r3");
    }

    @Test
    void errorsAreExecutionFailuresWithTheWarehouseMessage() {
        assertThatThrownBy(() -> session.query("select * from no_such_table_anywhere", 1))
                .isInstanceOfSatisfying(KilnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                    assertThat(e.getMessage()).containsIgnoringCase("no_such_table_anywhere");
                });
    }

    @Test
    void tableMaterializationReplacesAtomically() {
        var m = adapter.materializer();
        CompiledNode v1 = node("orders", ResourceType.MODEL, "select 1 as id union all select 2", Map.of("materialized", "table"), Path.of("models/orders.sql"));
        assertThat(m.table(request(v1)).rowsAffected()).isEqualTo(2);
        CompiledNode broken = node("orders", ResourceType.MODEL, "select 1 / 0 as id from nowhere_at_all", Map.of(), Path.of("models/orders.sql"));
        assertThatThrownBy(() -> m.table(request(broken))).isInstanceOf(KilnException.class);
        assertThat(count(v1.relation())).isEqualTo(2);
        assertThat(session.relations(List.of("contract")).keySet())
                .containsExactly(Relation.of("contract", "orders"));
        CompiledNode v2 = node("orders", ResourceType.MODEL, "select 1 as id", Map.of(), Path.of("models/orders.sql"));
        m.table(request(v2));
        assertThat(count(v1.relation())).isEqualTo(1);
    }

    @Test
    void viewReplacesATableOfTheSameNameAndBack() {
        var m = adapter.materializer();
        CompiledNode t = node("x", ResourceType.MODEL, "select 1 as id", Map.of(), Path.of("models/x.sql"));
        m.table(request(t));
        m.view(request(node("x", ResourceType.MODEL, "select 2 as id", Map.of(), Path.of("models/x.sql"))));
        assertThat(session.relations(List.of("contract"))).containsEntry(Relation.of("contract", "x"), RelationKind.VIEW);
        m.table(request(t));
        assertThat(session.relations(List.of("contract"))).containsEntry(Relation.of("contract", "x"), RelationKind.TABLE);
    }

    @Test
    void describeListsColumnsInOrder() {
        session.ensureSchema("contract");
        session.execute(dialect.createTableAs(Relation.of("contract", "d"), "select 1 as b, 'x' as a"));
        var info = session.describe(Relation.of("contract", "d")).orElseThrow();
        assertThat(info.kind()).isEqualTo(RelationKind.TABLE);
        assertThat(info.columns()).extracting(c -> c.name()).containsExactly("b", "a");
        assertThat(session.describe(Relation.of("contract", "missing"))).isEmpty();
    }

    @Test
    void catalogDescribesTheRelationsThatExistInTheOrderAsked() {
        session.ensureSchema("catalog_contract");
        session.execute(dialect.createTableAs(Relation.of("catalog_contract", "cat_t"), "select 1 as b, 'x' as a"));
        session.execute(dialect.createView(Relation.of("catalog_contract", "cat_v"), "select a from "
                + dialect.render(Relation.of("catalog_contract", "cat_t"))));
        var entries = session.catalog(List.of(Relation.of("catalog_contract", "cat_v"), Relation.of("catalog_contract", "missing"),
                Relation.of("catalog_contract", "cat_t")));
        assertThat(entries).extracting(e -> e.info().relation().identifier().toLowerCase(java.util.Locale.ROOT))
                .containsExactly("cat_v", "cat_t");
        assertThat(entries.get(0).info().kind()).isEqualTo(RelationKind.VIEW);
        assertThat(entries.get(1).info().kind()).isEqualTo(RelationKind.TABLE);
        assertThat(entries.get(1).info().columns()).extracting(c -> c.name()).containsExactly("b", "a");
        assertThat(entries.get(1).stats()).allSatisfy(st -> assertThat(st.id()).isNotBlank());
    }

    @Test
    void seedsLoadCsvWithDeclaredTypes() throws Exception {
        Path csv = projectDir.resolve("seeds/plans.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "plan_id,name,monthly_price\n1,free,0\n2,premium,9.99\n3,enterprise,49\n");
        CompiledNode seed = node("plans", ResourceType.SEED, "", Map.of("column_types", Map.of("plan_id", "varchar")),
                Path.of("seeds/plans.csv"));
        assertThat(adapter.materializer().seed(request(seed)).rowsAffected()).isEqualTo(3);
        var info = session.describe(seed.relation()).orElseThrow();
        assertThat(info.columns().get(0).type()).containsIgnoringCase("varchar");
        Object total = session.query("select sum(monthly_price) from " + dialect.render(seed.relation()), 1).scalar();
        assertThat(((Number) total).doubleValue()).isEqualTo(58.99, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void dialectHelpersProduceWorkingSql() {
        String sql = "select " + dialect.datediff("day", "date '2026-01-01'", dialect.dateadd("day", "7", "date '2026-01-01'"))
                + " as d, " + dialect.concat(List.of("'a'", "'b'")) + " as c, " + dialect.safeCast("'x'", "integer") + " as s, "
                + "length(" + dialect.hash("42") + ") as h";
        var row = session.query(sql, 1).rows().get(0);
        assertThat(((Number) row.get(0)).intValue()).isEqualTo(7);
        assertThat(row.get(1)).isEqualTo("ab");
        assertThat(row.get(2)).isNull();
        assertThat(((Number) row.get(3)).intValue()).isEqualTo(32);
    }

    @Test
    void cancelAbortsARunningStatement() throws Exception {
        CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
            try {
                session.query(slowQuery(), 1);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(300);
        long start = System.nanoTime();
        session.cancel();
        Throwable t = running.get(30, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(KilnException.class);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
    }
}
