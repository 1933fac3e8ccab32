package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code kiln lineage} stays offline unless a target is named; then it knows the source columns the target holds. */
class LineageSourceColumnsTest {

    @TempDir
    Path dir;

    @Test
    void withATargetLineageReadsTheSourcesColumnsFromIt() throws Exception {
        TempProject.create(dir, "shop", "duckdb")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            schema: raw
                            tables:
                              - name: orders
                                columns: [{name: order_id}]
                        """)
                .file("models/all_orders.sql", "select * from ${source('raw', 'orders')}\n");
        Files.createDirectories(dir.resolve("target"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("target/dev.duckdb"));
             Statement st = c.createStatement()) {
            st.execute("create schema raw");
            st.execute("create table raw.orders (order_id integer, amount_cents integer)");
        }
        CliRun offline = kiln("lineage", "all_orders", "-o", "json", "--project-dir", dir.toString());
        assertThat(offline.exitCode()).as(offline.toString()).isZero();
        assertThat(columns(offline)).doesNotContain("amount_cents");
        assertThat(dir.resolve("target/source_columns.json")).doesNotExist();

        CliRun connected = kiln("lineage", "all_orders", "-o", "json", "-t", "dev", "--project-dir", dir.toString());
        assertThat(connected.exitCode()).as(connected.toString()).isZero();
        assertThat(columns(connected)).containsExactly("order_id", "amount_cents");
        assertThat(dir.resolve("target/source_columns.json")).isRegularFile();
    }

    private static List<String> columns(CliRun run) throws Exception {
        JsonNode json = new ObjectMapper().readTree(run.out());
        List<String> out = new ArrayList<>();
        json.path("columns").forEach(c -> out.add(c.path("column").asText()));
        return out;
    }
}
