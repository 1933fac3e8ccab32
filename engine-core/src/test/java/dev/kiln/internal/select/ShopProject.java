package dev.kiln.internal.select;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.Selection;
import dev.kiln.internal.state.PreviousManifest;
import dev.kiln.testkit.TempProject;

import java.nio.file.Path;
import java.util.List;

/**
 * A small shop project for selection tests, and helpers to select from it.
 *
 * <pre>
 * source raw.users  → stg_users  → dim_users → fct_orders → revenue (marts/finance) → assert_revenue_positive
 * source raw.orders → stg_orders ──────────────↗
 * seed countries ────────────────→ dim_users
 * stg_users → users_history (snapshot)
 * source raw.events (unused); orphan (no parents)
 * tests: unique/not_null on stg_users.user_id, relationships stg_orders.user_id → stg_users,
 *        not_null on source raw.users.id, accepted_values on dim_users.plan (severity warn)
 * </pre>
 */
final class ShopProject {

    private ShopProject() {
    }

    /** Writes the project into {@code dir}. */
    static TempProject write(Path dir) {
        return TempProject.create(dir, "shop", "ansi")
                .file("kiln.yml", """
                        name: shop
                        version: 1.0.0
                        models:
                          +materialized: view
                          staging:
                            +schema: staging
                            +tags: [staging]
                          marts:
                            +materialized: table
                            finance:
                              +tags: [finance]
                        targets:
                          dev: {type: ansi}
                        """)
                .file("seeds/countries.csv", "code,name\nDE,Germany\n")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            tables:
                              - name: users
                                columns:
                                  - name: id
                                    data_tests: [not_null]
                              - name: orders
                              - name: events
                        """)
                .file("models/staging/stg_users.sql", """
                        <@config tags=["daily"] />
                        select id as user_id, plan, country from ${source('raw', 'users')}
                        """)
                .file("models/staging/stg_orders.sql", """
                        <@config tags=["daily", "finance"] materialized="incremental" unique_key=["order_id", "user_id"] meta={"owner": "alice", "pii": true} />
                        select order_id, user_id, amount from ${source('raw', 'orders')}
                        """)
                .file("models/staging/schema.yml", """
                        version: 2
                        models:
                          - name: stg_users
                            columns:
                              - name: user_id
                                data_tests: [unique, not_null]
                          - name: stg_orders
                            columns:
                              - name: user_id
                                data_tests:
                                  - relationships: {to: ref('stg_users'), field: user_id}
                        """)
                .file("models/marts/dim_users.sql",
                        "select u.*, c.name from ${ref('stg_users')} u join ${ref('countries')} c on u.country = c.code\n")
                .file("models/marts/schema.yml", """
                        version: 2
                        models:
                          - name: dim_users
                            columns:
                              - name: plan
                                data_tests:
                                  - accepted_values: {values: [free, premium], config: {severity: warn}}
                        """)
                .file("models/marts/fct_orders.sql", """
                        <@config bucket_count=4 />
                        select o.*, u.plan from ${ref('stg_orders')} o join ${ref('dim_users')} u using (user_id)
                        """)
                .file("models/marts/finance/revenue.sql", "select sum(amount) as revenue from ${ref('fct_orders')}\n")
                .file("models/orphan.sql", "select 1 as one\n")
                .file("tests/assert_revenue_positive.sql", "select * from ${ref('revenue')} where revenue < 0\n")
                .file("snapshots/users_history.yml", """
                        snapshots:
                          - name: users_history
                            relation: ref('stg_users')
                            config:
                              schema: snapshots
                              unique_key: user_id
                              strategy: check
                              check_cols: all
                        """);
    }

    /** Loads and compiles a project. */
    static CompiledProject compile(TempProject p) {
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            return kiln.compile();
        } catch (KilnException e) {
            throw new AssertionError(e.describe(), e);
        }
    }

    /** The names of the nodes {@code specs} select, in the order selected. */
    static List<String> names(CompiledProject project, PreviousManifest state, Selection selection) {
        return new Selector(project, state).select(selection).stream().map(CompiledNode::name).toList();
    }
}
