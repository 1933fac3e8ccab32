package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class CloneCommandTest {

    @TempDir
    Path dir;

    /** prod builds into schemas prod_*, in its own database file; ci reads it attached as "prod". */
    private void project() {
        Warehouse.passingShop(dir).file("kiln.yml", """
                name: shop
                models:
                  staging: {+schema: staging}
                  marts: {+schema: analytics, +materialized: table}
                seeds:
                  +schema: raw
                targets:
                  prod: {type: duckdb, path: target/prod.duckdb, threads: 1}
                  ci: {type: duckdb, path: target/shop.duckdb, threads: 1, attach: [{path: target/prod.duckdb, read_only: true}]}
                  same: {type: duckdb, path: target/prod.duckdb, schema: dev, threads: 1}
                default-target: ci
                """);
    }

    @Test
    void clonesTheStatesRelationsAsCopiesFromAnotherDatabaseAndKeepsWhatExists() throws Exception {
        project();
        CliRun prod = kiln("build", "-t", "prod", "--project-dir", dir.toString());
        assertThat(prod.exitCode()).as(prod.toString()).isZero();
        Path state = dir.resolve("prod-state");
        Files.createDirectories(state);
        Files.copy(dir.resolve("target/manifest.json"), state.resolve("manifest.json"), StandardCopyOption.REPLACE_EXISTING);

        CliRun clone = kiln("clone", "-s", "dim_users", "plans", "--state", state.toString(), "--project-dir", dir.toString());
        assertThat(clone.exitCode()).as(clone.toString()).isZero();
        assertThat(clone.out()).contains("OK table model analytics.dim_users (a copy of prod.analytics.dim_users)")
                .contains("OK table seed raw.plans").contains("Cloned 2 relations.");
        assertThat(Warehouse.scalar(dir, "select count(*) from analytics.dim_users")).isEqualTo(3L);
        assertThat(Warehouse.scalar(dir, "select table_type from information_schema.tables "
                + "where table_schema = 'analytics' and table_name = 'dim_users'")).isEqualTo("BASE TABLE");

        CliRun again = kiln("clone", "-s", "dim_users", "--state", state.toString(), "--project-dir", dir.toString());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("SKIP model analytics.dim_users: it exists in the target (--full-refresh replaces it)");
        CliRun views = kiln("clone", "-s", "dim_users", "--as", "view", "--full-refresh", "--state", state.toString(),
                "--project-dir", dir.toString());
        assertThat(views.exitCode()).as(views.toString()).isZero();
        assertThat(views.out()).contains("OK view model analytics.dim_users → prod.analytics.dim_users");
    }

    @Test
    void inTheSameDatabaseClonesAreViews() throws Exception {
        project();
        assertThat(kiln("build", "-t", "prod", "--project-dir", dir.toString()).exitCode()).isZero();
        Path state = dir.resolve("prod-state");
        Files.createDirectories(state);
        Files.copy(dir.resolve("target/manifest.json"), state.resolve("manifest.json"));
        Path yml = dir.resolve("kiln.yml"); // the marts of target "same" go to a schema of their own
        Files.writeString(yml, Files.readString(yml).replace("{+schema: analytics,", "{+schema: analytics_dev,"));
        CliRun clone = kiln("clone", "-t", "same", "--state", state.toString(), "--project-dir", dir.toString());
        assertThat(clone.exitCode()).as(clone.toString()).isZero();
        assertThat(clone.out()).contains("OK view model analytics_dev.dim_users → prod.analytics.dim_users")
                .contains("SKIP model staging.stg_users: it is the state's relation itself")
                .doesNotContain("ERROR");
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("target/prod.duckdb"));
             var st = c.createStatement();
             var rs = st.executeQuery("select count(*) from information_schema.tables where table_type = 'VIEW'")) {
            rs.next();
            assertThat(rs.getLong(1)).isPositive();
        }
    }

    @Test
    void withoutStateItIsAUsageError() {
        project();
        CliRun run = kiln("clone", "--project-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("clone needs --state DIR");
    }
}
