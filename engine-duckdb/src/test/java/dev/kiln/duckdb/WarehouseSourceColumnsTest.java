package dev.kiln.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.ColumnRef;
import dev.kiln.Kiln;
import dev.kiln.LineageGraph;
import dev.kiln.ModelAnalysis;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Column lineage knows the columns of a source that YAML describes only in part from its table in the
 * warehouse (a real DuckDB file): read by a run, which connects anyway, kept in
 * {@code target/source_columns.json}, and used by later offline compiles; {@code compile} alone never connects.
 */
class WarehouseSourceColumnsTest {

    @TempDir
    Path dir;

    private void project() throws Exception {
        TempProject.create(dir, "shop", "duckdb")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            schema: raw
                            tables:
                              - name: orders
                                columns: [{name: order_id}]
                              - name: missing
                        """)
                .file("models/all_orders.sql", "select * from ${source('raw', 'orders')}\n")
                .file("models/revenue.sql", "select order_id, amount_cents / 100.0 as amount from ${ref('all_orders')}\n");
        sql("create schema raw", "create table raw.orders (order_id integer, amount_cents integer, status varchar)",
                "insert into raw.orders values (1, 250, 'paid')");
    }

    private void sql(String... statements) throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("target"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("target/dev.duckdb"));
             Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static Kiln kiln(Path dir) {
        return Kiln.configure().projectDir(dir).load();
    }

    @Test
    void aRunReadsTheSourcesColumnsFromTheWarehouseAndLaterCompilesKnowThem() throws Exception {
        project();
        try (Kiln offline = kiln(dir)) { // compile does not connect: only the YAML column is known
            ModelAnalysis orders = offline.analysis().model("model.shop.all_orders").orElseThrow();
            assertThat(orders.columnsComplete()).isFalse();
        }
        assertThat(dir.resolve("target/source_columns.json")).doesNotExist();

        try (Kiln kiln = kiln(dir)) {
            RunResults run = kiln.run(Selection.ALL);
            assertThat(run.results()).allMatch(r -> r.status() == NodeStatus.SUCCESS);
            // this run's manifest already knows them
            JsonNode manifest = new ObjectMapper().readTree(dir.resolve("target/manifest.json").toFile());
            assertThat(manifest.path("nodes").path("model.shop.all_orders").path("meta").path("kiln").path("analysis").path("columns_complete")
                    .asBoolean()).isTrue();
        }
        JsonNode kept = new ObjectMapper().readTree(dir.resolve("target/source_columns.json").toFile());
        assertThat(kept.path("target").asText()).isEqualTo("dev");
        assertThat(kept.path("sources").path("source.shop.raw.orders").path("from").asText()).isEqualTo("warehouse");
        assertThat(kept.path("sources").path("source.shop.raw.orders").path("at").asText()).isEqualTo("raw.orders");
        assertThat(kept.path("sources").has("source.shop.raw.missing")).isFalse(); // no such table: nothing claimed

        try (Kiln offline = kiln(dir)) {
            ModelAnalysis orders = offline.analysis().model("model.shop.all_orders").orElseThrow();
            assertThat(orders.columnNames()).containsExactly("order_id", "amount_cents", "status");
            assertThat(orders.columnsComplete()).isTrue();
            LineageGraph g = offline.analysis().lineage();
            assertThat(g.downstream(new ColumnRef("source.shop.raw.orders", "amount_cents")))
                    .extracting(s -> g.displayName(s.column()))
                    .containsExactly("all_orders.amount_cents", "revenue.amount");
        }
    }

    @Test
    void aColumnAddedInTheWarehouseReachesTheNextCompileDespitePartialParsing() throws Exception {
        project();
        try (Kiln kiln = kiln(dir)) {
            kiln.run(Selection.ALL);
        }
        try (Kiln offline = kiln(dir)) { // saves the partial parsing cache with these columns
            assertThat(offline.analysis().model("model.shop.all_orders").orElseThrow().columnNames())
                    .containsExactly("order_id", "amount_cents", "status");
        }
        sql("alter table raw.orders add column currency varchar");
        try (Kiln kiln = kiln(dir)) {
            assertThat(kiln.readSourceColumns()).isTrue(); // as docs generate does
            assertThat(kiln.analysis().model("model.shop.all_orders").orElseThrow().columnNames())
                    .containsExactly("order_id", "amount_cents", "status", "currency");
        }
        try (Kiln offline = kiln(dir)) {
            assertThat(offline.analysis().model("model.shop.all_orders").orElseThrow().columnNames())
                    .containsExactly("order_id", "amount_cents", "status", "currency");
        }
        try (Kiln again = kiln(dir)) { // nothing changed: nothing rewritten
            assertThat(again.readSourceColumns()).isFalse();
        }
    }

    @Test
    void columnsReadForAnotherTargetAreNotUsed() throws Exception {
        project();
        try (Kiln kiln = kiln(dir)) {
            kiln.run(Selection.ALL);
        }
        new TempProject(dir).file("kiln.yml", """
                name: shop
                targets:
                  dev: {type: duckdb, path: target/dev.duckdb}
                  other: {type: duckdb, path: target/other.duckdb}
                """);
        try (Kiln other = Kiln.configure().projectDir(dir).target("other").load()) {
            assertThat(other.analysis().model("model.shop.all_orders").orElseThrow().columnsComplete()).isFalse();
        }
    }
}
