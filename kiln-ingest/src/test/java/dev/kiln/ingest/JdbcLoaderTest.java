package dev.kiln.ingest;

import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The jdbc loader against a real (embedded) PostgreSQL. */
class JdbcLoaderTest {

    private static EmbeddedPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void fill() throws SQLException {
        sql("drop table if exists users", """
                create table users (user_id integer primary key, email text, plan text, amount numeric(12,2),
                  updated_at timestamptz, signed_up date, active boolean, score double precision)""",
                """
                insert into users select i, 'u' || i || '@x.io', case when i % 3 = 0 then 'premium' else 'free' end,
                  i * 1.25, timestamptz '2026-10-01 00:00:00+00' + i * interval '1 minute', date '2026-01-01' + i % 200,
                  i % 2 = 0, i / 3.0 from generate_series(1, 1000) i""");
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private Loads project(String url, String load) {
        return new Loads(dir, Map.of("APP_DB_URL", url, "APP_DB_PASSWORD", "hunter2")).file("models/sources.yml", """
                version: 2
                sources:
                  - name: app
                    schema: raw
                    loader:
                      from: jdbc
                      url: "${env_var('APP_DB_URL')}"
                      user: postgres
                      password: "${env_var('APP_DB_PASSWORD')}"
                    tables:
                      - name: users
                        loaded_at_field: updated_at
                        freshness: {error_after: {count: 36500, period: day}}
                        load: %s
                """.formatted(load)).file("models/premium_users.sql",
                "select count(*) as n from ${source('app', 'users')} where plan = 'premium'\n");
    }

    private String url() {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
    }

    @Test
    void mergesIncrementallyOnTheCursorKeepingTypes() throws Exception {
        Loads p = project(url(), "{query: \"select * from public.users\", cursor: updated_at, primary_key: user_id, disposition: merge}");
        NodeResult first = Loads.only(p.load("source:app"));
        assertThat(first.status()).as(first.message()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(first.rowsAffected()).isEqualTo(1000);
        assertThat(first.message()).contains("freshness");
        assertThat(p.rows("select column_name || ' ' || data_type from information_schema.columns where table_schema = 'raw'"
                + " and table_name = 'users' order by ordinal_position")).containsExactly("user_id BIGINT", "email VARCHAR",
                "plan VARCHAR", "amount DECIMAL(12,2)", "updated_at TIMESTAMP", "signed_up DATE", "active BOOLEAN",
                "score DOUBLE", "_kiln_load_id VARCHAR");
        assertThat(p.rows("select amount, updated_at, signed_up, active from raw.users where user_id = 2"))
                .containsExactly("2.50|2026-10-01 00:02:00.0|2026-01-03|true");

        sql("update users set plan = 'enterprise', updated_at = timestamptz '2026-11-01 00:00:00+00' where user_id in (5, 6)",
                "insert into users values (1001, 'new@x.io', 'free', 9.99, timestamptz '2026-11-02 00:00:00+00', date '2026-11-02', true, 1)");
        NodeResult second = Loads.only(p.load("source:app"));
        assertThat(second.rowsAffected()).isEqualTo(3);
        assertThat(second.message()).contains("cursor updated_at = 2026-11-02T00:00:00");
        assertThat(p.rows("select count(*), count(distinct user_id), count(*) filter (where plan = 'enterprise') from raw.users"))
                .containsExactly("1001|1001|2");
        assertThat(p.rows("select count(distinct _kiln_load_id) from raw.users")).containsExactly("2");
    }

    @Test
    void buildRunsTheLoadBeforeTheModelsThatReadIt() throws Exception {
        Loads p = project(url(), "{table: public.users, cursor: user_id, initial_value: 901, disposition: append}");
        RunResults r = p.build();
        assertThat(r.results()).extracting(NodeResult::uniqueId)
                .containsExactly("source.lt.app.users", "model.lt.premium_users");
        assertThat(r.results()).allMatch(n -> n.status() == NodeStatus.SUCCESS);
        assertThat(p.rows("select n from main.premium_users")).containsExactly("33"); // 903, 906, …, 999
        String runResults = Files.readString(dir.resolve("target/run_results.json"));
        assertThat(runResults).contains("\"unique_id\" : \"source.lt.app.users\"").doesNotContain("hunter2");
        assertThat(Files.readString(dir.resolve("target/manifest.json"))).doesNotContain("hunter2");

        RunResults modelsOnly;
        try (dev.kiln.Kiln k = p.kiln()) {
            modelsOnly = k.build(dev.kiln.Selection.parse("source:app+").excluding("source:app"));
        }
        assertThat(modelsOnly.results()).extracting(NodeResult::uniqueId).containsExactly("model.lt.premium_users");
    }

    @Test
    void anUnreachableDatabaseIsAClearErrorWithoutCredentials() {
        Loads p = project("jdbc:postgresql://127.0.0.1:1/app?user=bob&password=hunter2",
                "{query: \"select * from users\"}");
        NodeResult r = Loads.only(p.load());
        assertThat(r.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(r.message()).contains("Cannot connect to jdbc:postgresql://127.0.0.1:1/app?user=***&password=***")
                .contains("sources.yml:").contains("Check that the database is running").doesNotContain("hunter2");
    }
}
