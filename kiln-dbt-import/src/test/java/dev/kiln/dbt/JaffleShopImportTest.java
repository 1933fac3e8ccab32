package dev.kiln.dbt;

import dev.kiln.Kiln;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.JdbcRows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dbt's own jaffle_shop_duckdb (unchanged, in test resources) imported and built on DuckDB: the
 * same tables with the values dbt computes from the seed CSVs. dbt itself cannot be installed
 * here (PyPI is unreachable), so the expected values are derived from the CSVs in Java.
 */
class JaffleShopImportTest {

    @TempDir
    static Path dir;
    private static ImportReport report;
    private static RunResults results;
    private static Path kiln;

    @BeforeAll
    static void importAndBuild() {
        Path dbt = Fixtures.copy("jaffle_shop_duckdb", dir);
        kiln = dir.resolve("kiln_jaffle");
        report = new DbtImporter(dbt, kiln, null, ImportListener.none()).run();
        try (Kiln k = Kiln.configure().projectDir(kiln).load()) {
            results = k.build(Selection.ALL);
        }
    }

    private List<String> rows(String sql) throws Exception {
        return JdbcRows.query("jdbc:duckdb:" + kiln.resolve("jaffle_shop.duckdb"), sql);
    }

    @Test
    void importsEverythingWithoutProblems() throws IOException {
        assertThat(report.problems()).isEmpty();
        assertThat(report.written()).contains("kiln.yml", "models/orders.sql", "models/staging/stg_orders.sql",
                "models/schema.yml", "seeds/raw_orders.csv");
        String yml = Files.readString(kiln.resolve("kiln.yml"));
        assertThat(yml).contains("name: jaffle_shop", "+materialized: table", "+materialized: view", "type: duckdb",
                "path: jaffle_shop.duckdb", "default-target: dev");
        assertThat(Files.readString(kiln.resolve("models/orders.sql")))
                .contains("<#assign payment_methods = ['credit_card', 'coupon', 'bank_transfer', 'gift_card']>",
                        "<#list payment_methods as payment_method>", "${ref('stg_orders')}")
                .doesNotContain("{{", "{%");
        assertThat(Files.readString(kiln.resolve("models/schema.yml")))
                .contains("description: \"Orders can be one of the following statuses:");
    }

    @Test
    void buildsEveryModelSeedAndTest() {
        assertThat(results.results()).allSatisfy(r -> assertThat(r.status()).as(r.uniqueId() + ": " + r.message())
                .isIn(NodeStatus.SUCCESS, NodeStatus.PASS));
        assertThat(results.results()).extracting(r -> r.uniqueId())
                .contains("model.jaffle_shop.customers", "model.jaffle_shop.orders", "seed.jaffle_shop.raw_payments");
        assertThat(results.results()).filteredOn(r -> r.uniqueId().startsWith("test.")).hasSize(20);
    }

    @Test
    void ordersHaveTheAmountsOfTheirPaymentsByMethod() throws Exception {
        Map<Integer, Map<String, BigDecimal>> expected = new TreeMap<>();
        for (String line : csv("raw_payments.csv")) {
            String[] f = line.split(",");
            expected.computeIfAbsent(Integer.parseInt(f[1]), k -> new HashMap<>())
                    .merge(f[2], new BigDecimal(f[3]), BigDecimal::add);
        }
        List<String> orders = csv("raw_orders.csv");
        assertThat(rows("select count(*) from orders")).containsExactly(String.valueOf(orders.size()));
        List<String> actual = rows("select order_id, credit_card_amount, coupon_amount, bank_transfer_amount, "
                + "gift_card_amount, amount from orders order by order_id");
        assertThat(actual).hasSize(99);
        for (String row : actual) {
            String[] c = row.split("\\|");
            Map<String, BigDecimal> byMethod = expected.getOrDefault(Integer.parseInt(c[0]), Map.of());
            String[] methods = {"credit_card", "coupon", "bank_transfer", "gift_card"};
            BigDecimal total = BigDecimal.ZERO;
            for (int i = 0; i < methods.length; i++) {
                BigDecimal cents = byMethod.getOrDefault(methods[i], BigDecimal.ZERO);
                total = total.add(cents);
                assertThat(new BigDecimal(c[i + 1])).as(row).isEqualByComparingTo(cents.movePointLeft(2));
            }
            if (byMethod.isEmpty()) {
                assertThat(c[5]).isEqualTo("null");
            } else {
                assertThat(new BigDecimal(c[5])).as(row).isEqualByComparingTo(total.movePointLeft(2));
            }
        }
    }

    @Test
    void customersHaveTheirOrderCountsAndLifetimeValue() throws Exception {
        Map<Integer, Integer> customerOf = new HashMap<>();
        Map<Integer, Integer> ordersPer = new TreeMap<>();
        for (String line : csv("raw_orders.csv")) {
            String[] f = line.split(",");
            customerOf.put(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
            ordersPer.merge(Integer.parseInt(f[1]), 1, Integer::sum);
        }
        Map<Integer, BigDecimal> value = new TreeMap<>();
        for (String line : csv("raw_payments.csv")) {
            String[] f = line.split(",");
            value.merge(customerOf.get(Integer.parseInt(f[1])), new BigDecimal(f[3]), BigDecimal::add);
        }
        assertThat(rows("select count(*) from customers")).containsExactly("100");
        assertThat(rows("select count(*) from customers where number_of_orders is not null"))
                .containsExactly(String.valueOf(ordersPer.size()));
        for (String row : rows("select customer_id, number_of_orders, customer_lifetime_value from customers "
                + "where number_of_orders is not null order by customer_id")) {
            String[] c = row.split("\\|");
            int id = Integer.parseInt(c[0]);
            assertThat(Integer.parseInt(c[1])).as(row).isEqualTo(ordersPer.get(id));
            assertThat(new BigDecimal(c[2])).as(row).isEqualByComparingTo(value.get(id).movePointLeft(2));
        }
        assertThat(rows("select first_name, last_name from customers where customer_id = 1")).containsExactly("Michael|P.");
    }

    @Test
    void stagingModelsAreViewsAndMartsAreTables() throws Exception {
        assertThat(rows("select table_name, table_type from information_schema.tables "
                + "where table_name in ('stg_orders', 'orders') order by table_name"))
                .containsExactly("orders|BASE TABLE", "stg_orders|VIEW");
    }

    private static List<String> csv(String seed) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/jaffle_shop_duckdb/seeds/" + seed));
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
    }
}
