package dev.kiln.duckdb;

import dev.kiln.ColumnRef;
import dev.kiln.Kiln;
import dev.kiln.LineageGraph;
import dev.kiln.ModelAnalysis;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Column lineage knows the columns of a source on Parquet files from the files' footer when YAML does not list
 * them (Parquet written by a real DuckDB, with nested columns), and says when it does not know them all.
 */
class SourceFileColumnsTest {

    @TempDir
    Path dir;

    @Test
    void aSourceOnParquetFilesHasItsFilesColumns() throws Exception {
        TempProject.create(dir, "shop", "duckdb")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            tables:
                              - name: orders
                                external_location: data/orders/*.parquet
                                columns: [{name: order_id, description: The order.}]
                              - name: refunds
                                external_location: data/refunds/*.parquet
                                columns: [{name: refund_id}]
                        """)
                .file("models/all_orders.sql", "select * from ${source('raw', 'orders')}\n")
                .file("models/all_refunds.sql", "select * from ${source('raw', 'refunds')}\n")
                .file("models/revenue.sql", "select order_id, amount_cents / 100.0 as amount from ${ref('all_orders')}\n");
        Files.createDirectories(dir.resolve("data/orders"));
        Files.createDirectories(dir.resolve("data/refunds"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("copy (select 1 as order_id, 250 as amount_cents, {'city': 'Lyon', 'zip': '69001'} as address,"
                    + " [1, 2] as item_ids, map {'k': 1} as attrs, true as paid, 2.5::double as weight,"
                    + " 'x' as \"Mixed Case\") to '" + dir.resolve("data/orders/2026-01.parquet") + "' (format parquet)");
            // a later file in name order is not read
            st.execute("copy (select 1 as other) to '" + dir.resolve("data/orders/2026-02.parquet") + "' (format parquet)");
        }
        Files.writeString(dir.resolve("data/refunds/broken.parquet"), "not parquet at all");
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            ModelAnalysis orders = kiln.analysis().model("model.shop.all_orders").orElseThrow();
            assertThat(orders.columnNames()).containsExactly("order_id", "amount_cents", "address", "item_ids", "attrs",
                    "paid", "weight", "Mixed Case");
            assertThat(orders.columnsComplete()).isTrue();
            // a file that is not Parquet: only the documented column is known, and the star stays open
            ModelAnalysis refunds = kiln.analysis().model("model.shop.all_refunds").orElseThrow();
            assertThat(refunds.columnsComplete()).isFalse();
            LineageGraph g = kiln.analysis().lineage();
            assertThat(g.downstream(new ColumnRef("source.shop.raw.orders", "amount_cents")))
                    .extracting(s -> g.displayName(s.column()))
                    .containsExactly("all_orders.amount_cents", "revenue.amount");
        }
    }
}
