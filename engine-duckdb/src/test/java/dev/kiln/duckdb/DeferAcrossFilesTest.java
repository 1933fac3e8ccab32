package dev.kiln.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Production and CI in two DuckDB files with the same schemas (as when models set their own
 * {@code schema}): the CI target attaches production's file read-only, and the manifest records
 * each relation's catalog, so deferred relations name production's file.
 */
class DeferAcrossFilesTest {

    @TempDir
    Path dir;

    private TempProject project() {
        return TempProject.create(dir, "shop", "duckdb")
                .file("kiln.yml", """
                        name: shop
                        models:
                          +materialized: table
                          +schema: analytics
                        targets:
                          prod: {type: duckdb, path: warehouse/prod.duckdb}
                          ci:
                            type: duckdb
                            path: warehouse/ci.duckdb
                            attach: [{path: warehouse/prod.duckdb, read_only: true}]
                        default-target: prod
                        """)
                .file("models/stg_orders.sql", "select * from (values (1, 10.0), (2, 32.5)) v(order_id, amount)\n")
                .file("models/revenue.sql", "select sum(amount) as total from ${ref('stg_orders')}\n");
    }

    @Test
    void theCiFileReadsUnchangedUpstreamFromTheAttachedProductionFile() throws Exception {
        TempProject p = project();
        try (Kiln kiln = Kiln.configure().projectDir(dir).target("prod").targetPath(Path.of("prod-state")).load()) {
            assertThat(kiln.build(Selection.ALL).success()).isTrue();
        }
        JsonNode prodNode = new ObjectMapper().readTree(dir.resolve("prod-state/manifest.json").toFile())
                .get("nodes").get("model.shop.stg_orders");
        assertThat(prodNode.get("database").asText()).isEqualTo("prod");
        assertThat(prodNode.get("relation_name").asText()).isEqualTo("\"prod\".\"analytics\".\"stg_orders\"");

        p.file("models/revenue.sql", "select sum(amount) as total, count(*) as orders from ${ref('stg_orders')}\n");
        RunResults ci;
        try (Kiln kiln = Kiln.configure().projectDir(dir).target("ci").state(dir.resolve("prod-state")).defer(true).load()) {
            ci = kiln.build(Selection.parse("state:modified+"));
        }
        assertThat(ci.success()).as("%s", ci.results()).isTrue();
        assertThat(ci.results()).extracting(r -> r.uniqueId()).containsExactly("model.shop.revenue");
        assertThat(Files.readString(dir.resolve("target/compiled/shop/models/revenue.sql")))
                .contains("from \"prod\".\"analytics\".\"stg_orders\"");
        assertThat(rows(dir.resolve("warehouse/ci.duckdb"), "select total, orders from analytics.revenue"))
                .containsExactly("42.5|2");
        assertThat(rows(dir.resolve("warehouse/ci.duckdb"),
                "select table_name from information_schema.tables where table_catalog = 'ci'")).containsExactly("revenue");
    }

    @Test
    void attachingAFileThatIsNotThereSaysWhatToDo() {
        project();
        try (Kiln kiln = Kiln.configure().projectDir(dir).target("ci").load()) {
            assertThatThrownBy(() -> kiln.run(Selection.ALL)).isInstanceOfSatisfying(KilnException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.ADAPTER_UNAVAILABLE);
                assertThat(e.getMessage()).isEqualTo("Cannot attach DuckDB database " + dir.resolve("warehouse/prod.duckdb")
                        + ": file not found. Build the target that writes it first, or fix 'attach' in kiln.yml.");
            });
        }
        TempProject.create(dir, "shop", "duckdb").file("kiln.yml", """
                name: shop
                targets:
                  ci: {type: duckdb, attach: [{file: x.duckdb}]}
                """);
        assertThatThrownBy(() -> Kiln.configure().projectDir(dir).load())
                .hasMessageContaining("unknown key 'file' in 'attach', e.g. attach: [{path: target/prod.duckdb, read_only: true}].");
        TempProject.create(dir, "shop", "duckdb").file("kiln.yml", """
                name: shop
                targets:
                  ci: {type: duckdb, path: ci/dev.duckdb, attach: [{path: prod/dev.duckdb}]}
                """);
        assertThatThrownBy(() -> Kiln.configure().projectDir(dir).load())
                .hasMessageContaining("'attach' of prod/dev.duckdb would be named 'dev', the name of this target's own "
                        + "database; give it an 'alias'");
    }

    private static List<String> rows(Path db, String sql) throws Exception {
        return dev.kiln.testkit.JdbcRows.query("jdbc:duckdb:" + db, sql);
    }
}
