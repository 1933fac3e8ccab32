package dev.kiln.cli;

import dev.kiln.testkit.TempProject;

import java.nio.file.Path;

/** Small projects on the {@code ansi} test adapter. */
public final class Projects {

    /** {@link #shop}'s {@code models/staging/schema.yml}: the source {@code raw.orders}, two tests on {@code stg_orders.id}. */
    public static final String SHOP_SCHEMA = """
            version: 2
            sources:
              - name: raw
                tables:
                  - name: orders
            models:
              - name: stg_orders
                columns:
                  - name: id
                    data_tests: [unique, not_null]
            """;

    private Projects() {
    }

    /** Two models, a source, two generic tests and a var; {@code stg_orders} is tagged {@code daily}. */
    public static TempProject shop(Path dir) {
        return TempProject.create(dir, "shop", "ansi")
                .file("kiln.yml", """
                        name: shop
                        version: 1.0.0
                        vars: {region: eu}
                        models:
                          +materialized: view
                          staging:
                            +schema: staging
                        targets:
                          dev: {type: ansi}
                          other: {type: ansi, schema: elsewhere}
                        default-target: dev
                        """)
                .file("models/staging/schema.yml", SHOP_SCHEMA)
                .file("models/staging/stg_orders.sql", """
                        <@config materialized="table" tags=["daily"] />
                        select * from ${source('raw', 'orders')} where region = '${var('region')}'
                        """)
                .file("models/marts/orders_by_day.sql", "select count(*) from ${ref('stg_orders')}\n");
    }
}
