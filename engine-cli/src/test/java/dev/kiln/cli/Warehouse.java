package dev.kiln.cli;

import dev.kiln.testkit.TempProject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Projects on a DuckDB file under {@code target/}, and a way to look into that file. */
final class Warehouse {

    /** The tests of {@link #shop(Path)}, in the order the project declares them. */
    static final String ACCEPTED_VALUES = "accepted_values_dim_users_plan__free__premium";

    private Warehouse() {
    }

    /**
     * Two seeds, a view, two tables and four tests on {@code dim_users}: two pass, one fails
     * ({@code enterprise} is not an accepted plan) and one warns (no plan id for it), so
     * {@code user_count}, downstream of the failing test, is skipped. One thread: two seeds
     * creating their schema at once conflict on DuckDB (an engine issue).
     */
    static TempProject shop(Path dir) {
        return TempProject.create(dir, "shop", "duckdb")
                .file("kiln.yml", """
                        name: shop
                        models:
                          staging: {+schema: staging}
                          marts: {+schema: analytics, +materialized: table}
                        seeds:
                          +schema: raw
                        targets:
                          dev: {type: duckdb, path: target/shop.duckdb, threads: 1}
                        """)
                .file("seeds/plans.csv", "plan_id,name\n1,free\n2,premium\n")
                .file("seeds/users.csv", "user_id,plan\n1,FREE\n2,Premium\n3,enterprise\n")
                .file("models/staging/stg_users.sql", "select user_id, lower(plan) as plan from ${ref('users')}\n")
                .file("models/marts/dim_users.sql", """
                        select u.user_id, u.plan, p.plan_id
                        from ${ref('stg_users')} u
                        left join ${ref('plans')} p on p.name = u.plan
                        """)
                .file("models/marts/user_count.sql", "select count(*) as n from ${ref('dim_users')}\n")
                .file("models/marts/schema.yml", """
                        version: 2
                        models:
                          - name: dim_users
                            columns:
                              - name: user_id
                                data_tests: [unique, not_null]
                              - name: plan
                                data_tests:
                                  - accepted_values: {values: [free, premium]}
                              - name: plan_id
                                data_tests:
                                  - not_null: {config: {severity: warn}}
                        """);
    }

    /** {@link #shop(Path)} with every plan accepted: the build passes, with one warning. */
    static TempProject passingShop(Path dir) {
        return shop(dir).file("models/marts/schema.yml", """
                version: 2
                models:
                  - name: dim_users
                    columns:
                      - name: user_id
                        data_tests: [unique, not_null]
                      - name: plan
                        data_tests:
                          - accepted_values: {values: [free, premium, enterprise]}
                      - name: plan_id
                        data_tests:
                          - not_null: {config: {severity: warn}}
                """);
    }

    /** The database file of a project made here. */
    static Path database(Path dir) {
        return dir.resolve("target/shop.duckdb");
    }

    /** The single value {@code sql} returns from the project's database. */
    static Object scalar(Path dir, String sql) throws SQLException {
        if (!Files.exists(database(dir))) {
            throw new IllegalStateException("No database at " + database(dir));
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + database(dir));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }
}
