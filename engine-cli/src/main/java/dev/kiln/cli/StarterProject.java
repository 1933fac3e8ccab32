package dev.kiln.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The files of the project {@code kiln init} writes: a DuckDB project that builds at once (two
 * seeds, a staging view, a mart table, a macro, generic and singular tests, a snapshot folder).
 */
final class StarterProject {

    private StarterProject() {
    }

    /**
     * A project name from a folder name: lower case, letters, digits and {@code _}, starting with a letter.
     *
     * @param folder the folder's name
     * @return the name
     */
    static String nameOf(String folder) {
        String n = folder.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_").replaceAll("_+", "_");
        n = n.replaceAll("^_|_$", "");
        return n.isEmpty() || !Character.isLetter(n.charAt(0)) ? "project_" + n : n;
    }

    /**
     * Every file by its path in the project.
     *
     * @param name the project's name
     * @return the files, in the order to write them
     */
    static Map<String, String> files(String name) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("kiln.yml", """
                # The project: see docs/reference.md for every key.
                name: %1$s
                version: 1.0.0
                model-paths: [models]
                seed-paths: [seeds]
                test-paths: [tests]
                macro-paths: [macros]
                snapshot-paths: [snapshots]
                target-path: target

                vars:
                  currency: EUR

                models:
                  +materialized: view
                  staging:
                    +schema: staging
                  marts:
                    +schema: analytics
                    +materialized: table

                # Where the project is built. `kiln -t prod build` uses prod; the default is dev.
                targets:
                  dev:
                    type: duckdb
                    path: target/dev.duckdb
                    threads: 4
                  prod:
                    type: duckdb
                    path: "${env_var('%2$s_PROD_DB', 'prod.duckdb')}"
                    threads: 4
                default-target: dev
                """.formatted(name, name.toUpperCase(Locale.ROOT)));
        f.put("seeds/raw_customers.csv", """
                customer_id,name,country
                1,Ada,GB
                2,Grace,US
                3,Linus,FI
                """);
        f.put("seeds/raw_orders.csv", """
                order_id,customer_id,amount_cents,status,ordered_at
                10,1,1250,completed,2026-01-03
                11,1,300,returned,2026-01-09
                12,2,4999,completed,2026-02-11
                13,3,820,placed,2026-02-12
                """);
        f.put("seeds/schema.yml", """
                version: 2
                seeds:
                  - name: raw_customers
                    description: Customers, as exported from the shop.
                  - name: raw_orders
                    description: Orders, one row each, amounts in cents.
                """);
        f.put("macros/cents_to_dollars.ftl", """
                <#-- Macros are FreeMarker functions, auto-included in every model: ${cents_to_dollars('amount_cents')} -->
                <#function cents_to_dollars column>
                  <#return "round(" + column + " / 100.0, 2)">
                </#function>

                <#-- An operation: kiln run-operation count_rows --args '{model: customer_orders}' -->
                <#macro count_rows model>
                select count(*) as row_count from ${ref(model)}
                </#macro>
                """);
        f.put("models/staging/stg_customers.sql", """
                select customer_id, name, country
                from ${ref('raw_customers')}
                """);
        f.put("models/staging/stg_orders.sql", """
                select
                  order_id,
                  customer_id,
                  ${cents_to_dollars('amount_cents')} as amount,
                  status,
                  cast(ordered_at as date) as ordered_at
                from ${ref('raw_orders')}
                """);
        f.put("models/staging/schema.yml", """
                version: 2
                models:
                  - name: stg_customers
                    description: One row per customer.
                    columns:
                      - name: customer_id
                        data_tests: [unique, not_null]
                  - name: stg_orders
                    description: One row per order, amounts in ${currency}.
                    columns:
                      - name: order_id
                        data_tests: [unique, not_null]
                      - name: customer_id
                        data_tests:
                          - relationships: {to: ref('stg_customers'), field: customer_id}
                      - name: status
                        data_tests:
                          - accepted_values: {values: [placed, completed, returned]}
                """.replace("${currency}", "the project's currency"));
        f.put("models/marts/customer_orders.sql", """
                <@config tags=["daily"] />
                select
                  c.customer_id,
                  c.name,
                  count(o.order_id) as orders,
                  coalesce(sum(case when o.status = 'completed' then o.amount end), 0) as revenue,
                  '${var('currency')}' as currency
                from ${ref('stg_customers')} c
                left join ${ref('stg_orders')} o on o.customer_id = c.customer_id
                group by c.customer_id, c.name
                """);
        f.put("models/marts/schema.yml", """
                version: 2
                models:
                  - name: customer_orders
                    description: Orders and completed revenue per customer.
                    columns:
                      - name: customer_id
                        data_tests: [unique, not_null]
                      - name: revenue
                        description: Sum of completed orders, in the project's currency.
                """);
        f.put("tests/assert_no_negative_revenue.sql", """
                -- A singular test: the rows it returns are failures.
                select * from ${ref('customer_orders')} where revenue < 0
                """);
        f.put("snapshots/.gitkeep", "");
        f.put(".gitignore", """
                target/
                kiln_packages/
                *.duckdb
                *.duckdb.wal
                """);
        f.put("README.md", """
                # %1$s

                A [Kiln](https://github.com/) project, made by `kiln init`. It builds on an embedded
                DuckDB database (`target/dev.duckdb`), nothing to install.

                ```sh
                kiln debug                        # the project, the target and the connection are OK
                kiln build                        # seeds, models and tests in DAG order
                kiln show -s customer_orders      # the first rows of a model
                kiln show --inline "select * from \\${ref('stg_orders')} where status = 'returned'"
                kiln run-operation count_rows --args '{model: customer_orders}'
                kiln -t prod build                # the same, on the prod target
                ```

                | folder | holds |
                |---|---|
                | `models/` | SELECT statements (FreeMarker templates: `${ref('x')}`, `${source('s', 't')}`) and YAML that describes and tests them |
                | `seeds/` | CSV files loaded as tables (`kiln seed`) |
                | `macros/` | FreeMarker functions and macros, auto-included in every model |
                | `tests/` | singular tests: queries whose rows are failures |
                | `snapshots/` | SCD type 2 snapshots, declared in YAML |

                To call `kiln` from this folder, put the launcher of your Kiln checkout on the PATH
                (`export PATH="$PATH:/path/to/kiln-checkout"`), or run it with
                `--project-dir` from there.
                """.formatted(name));
        return f;
    }
}
