package dev.kiln.athena;

import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** dbt_utils' built-ins and generic tests rendered in Athena's (Trino's) SQL, and accepted by Trino's parser. */
class AthenaDbtUtilsTest {

    @TempDir
    Path dir;

    @Test
    void builtInsSpeakTrino() {
        TempProject p = TempProject.create(dir, "shop", "athena")
                .file("kiln.yml", """
                        name: shop
                        targets:
                          prod: {type: athena, region: eu-west-1, s3_staging_dir: 's3://b/r/', schema: shop}
                        """)
                .file("models/orders.sql", "select 1 as id, 'paid' as status, 10 as amount, date '2026-01-01' as valid_from, "
                        + "date '2026-01-02' as valid_to\n")
                .file("models/keys.sql", "select ${dbt_utils.generate_surrogate_key(['id', 'status'])} as sk, "
                        + "${safe_divide('amount', '3')} as third from ${ref('orders')}\n")
                .file("models/spine.sql", "${date_spine('day', \"date '2026-01-01'\", \"date '2026-02-01'\")}\n")
                .file("models/pivoted.sql", "select id, ${pivot('status', ['paid', 'refunded'])} from ${ref('orders')} ${group_by(1)}\n")
                .file("models/deduped.sql", "${deduplicate(ref('orders'), 'id', 'valid_from desc')}\n")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: orders
                            data_tests:
                              - dbt_utils.mutually_exclusive_ranges: {lower_bound_column: valid_from, upper_bound_column: valid_to}
                              - dbt_utils.equal_rowcount: {compare_model: ref('keys')}
                            columns:
                              - name: id
                                data_tests: [dbt_utils.at_least_one, dbt_utils.sequential_values]
                              - name: valid_from
                                data_tests: [{dbt_utils.sequential_values: {datepart: day}}, {dbt_utils.not_null_proportion: {at_least: 0.9}}]
                        """);
        CompiledProject c;
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            c = kiln.compile(); // Trino's parser checks every model's and test's SQL
        }
        assertThat(sql(c, "model.shop.keys")).isEqualTo("select lower(to_hex(md5(to_utf8(cast(concat(coalesce(cast(id as varchar), "
                + "'_dbt_utils_surrogate_key_null_'), '-', coalesce(cast(status as varchar), '_dbt_utils_surrogate_key_null_')) "
                + "as varchar))))) as sk, ( amount ) / nullif( ( 3 ), 0) as third from \"shop\".\"orders\"\n");
        assertThat(sql(c, "model.shop.spine")).contains("date_add('day', kiln_numbers.n, cast(date '2026-01-01' as date))",
                "where date_day < cast(date '2026-02-01' as date)");
        assertThat(sql(c, "model.shop.pivoted")).isEqualTo("select id, sum(case when status = 'paid' then 1 else 0 end) as \"paid\",\n"
                + "  sum(case when status = 'refunded' then 1 else 0 end) as \"refunded\" from \"shop\".\"orders\" group by 1\n");
        assertThat(sql(c, "model.shop.deduped")).startsWith("select * from (select kiln_deduplicate.*, row_number() over "
                + "(partition by id order by valid_from desc) as kiln_row_number from \"shop\".\"orders\" as kiln_deduplicate)");
        List<String> tests = c.nodes().stream().filter(n -> n.uniqueId().startsWith("test."))
                .map(n -> n.uniqueId()).sorted().toList();
        assertThat(tests).hasSize(6);
        assertThat(c.nodes().stream().filter(n -> n.uniqueId().contains("sequential_values_orders_valid_from"))
                .findFirst().orElseThrow().compiledSql()).contains("date_add('day', 1, value_before)");
    }

    private static String sql(CompiledProject c, String id) {
        return c.node(id).orElseThrow().compiledSql();
    }
}
