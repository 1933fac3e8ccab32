package dev.kiln.duckdb;

import dev.kiln.Relation;
import dev.kiln.TargetConfig;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.CatalogEntry;
import dev.kiln.spi.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DuckDB's catalog for catalog.json: columns with types, comments and row counts, in one query. */
class DuckDbCatalogTest {

    @TempDir
    Path dir;

    @Test
    void tablesCarryTheirRowCountAndCommentViewsNoStatistics() {
        TargetConfig target = new TargetConfig("dev", "duckdb", Map.of("path", dir.resolve("c.duckdb").toString()), null);
        try (Adapter adapter = new DuckDbProvider().open(new AdapterContext(target, dir));
             Session s = adapter.openSession()) {
            s.ensureSchema("shop");
            s.execute("create table shop.orders as select range as id, cast(range * 1.5 as double) as amount from range(1234)");
            s.execute("comment on table shop.orders is 'One row per order'");
            s.execute("create view shop.big_orders as select id from shop.orders where amount > 100");
            s.execute("create table main.other as select 1 as x");
            List<CatalogEntry> entries = s.catalog(List.of(Relation.of("SHOP", "Orders"), Relation.of("shop", "big_orders"),
                    Relation.of("shop", "nowhere")));
            assertThat(entries).hasSize(2);
            CatalogEntry orders = entries.get(0);
            assertThat(orders.info().columns()).extracting(c -> c.name() + " " + c.type())
                    .containsExactly("id BIGINT", "amount DOUBLE");
            assertThat(orders.comment()).isEqualTo("One row per order");
            assertThat(orders.stats()).singleElement().satisfies(st -> {
                assertThat(st.id()).isEqualTo(CatalogEntry.Stat.ROW_COUNT);
                assertThat(st.value()).isEqualTo(1234L);
            });
            assertThat(entries.get(1).stats()).isEmpty();
            assertThat(entries.get(1).info().columns()).extracting(c -> c.name()).containsExactly("id");
        }
    }
}
