package dev.kiln.docs;

import dev.kiln.Kiln;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;

import java.nio.file.Path;

/** A small documented project, built on a real DuckDB file, to generate a site from. */
final class ShopProject {

    private ShopProject() {
    }

    /** Writes the project into {@code dir}. */
    static TempProject write(Path dir) {
        return TempProject.create(dir, "shop", "duckdb")
                .file("seeds/customers.csv", "id,name,country\n1,ada,UK\n2,grace,US\n3,linus,FI\n")
                .file("seeds/orders.csv", "id,customer_id,amount_cents\n10,1,1250\n11,1,800\n12,2,4000\n")
                .file("models/staging/stg_customers.sql",
                        "select id as customer_id, upper(name) as customer_name, country from ${ref('customers')}\n")
                .file("models/staging/stg_orders.sql",
                        "select id as order_id, customer_id, amount_cents / 100.0 as amount from ${ref('orders')}\n")
                .file("models/marts/customer_revenue.sql", """
                        <@config materialized="table" tags=["finance"] />
                        select c.customer_id, c.customer_name, sum(o.amount) as revenue
                        from ${ref('stg_customers')} c
                        join ${ref('stg_orders')} o on o.customer_id = c.customer_id
                        group by 1, 2
                        """)
                .file("models/overview.md", """
                        {% docs __overview__ %}
                        # The shop
                        Welcome to the **shop** project's documentation.
                        {% enddocs %}
                        """)
                .file("models/schema.yml", """
                        version: 2
                        sources:
                          - name: events
                            schema: raw
                            tables:
                              - name: clicks
                                description: Every click on the shop's pages.
                                loaded_at_field: clicked_at
                                freshness: {warn_after: {count: 12, period: hour}}
                        models:
                          - name: stg_customers
                            description: One row per customer, names in capitals.
                            columns:
                              - name: customer_id
                                description: The customer's id.
                                data_tests: [unique, not_null]
                              - name: country
                                data_tests:
                                  - accepted_values: {values: [UK, US], config: {severity: warn}}
                          - name: stg_orders
                            description: One row per order, amounts in currency units.
                          - name: customer_revenue
                            description: Revenue per customer who **ordered** at least once.
                            config: {meta: {owner: finance-team}}
                            columns:
                              - name: revenue
                                description: Sum of the customer's order amounts.
                                data_tests: [not_null]
                        exposures:
                          - name: revenue_dashboard
                            type: dashboard
                            owner: {name: Finance, email: finance@shop.example}
                            description: The weekly revenue dashboard.
                            depends_on: [ref('customer_revenue')]
                        """);
    }

    /** Writes the project and builds it (the accepted_values test on country warns: FI). */
    static Path built(Path dir) {
        write(dir);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults results = kiln.build(Selection.ALL);
            if (results.results().isEmpty()) {
                throw new IllegalStateException("nothing was built");
            }
        }
        return dir;
    }
}
