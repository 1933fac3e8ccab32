package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class EmptyFlagTest {

    @TempDir
    Path dir;

    @Test
    void buildEmptyCreatesEveryRelationWithItsColumnsAndNoRows() throws Exception {
        Warehouse.passingShop(dir).file("models/marts/schema.yml", """
                version: 2
                sources:
                  - name: ext
                    schema: ext
                    tables: [{name: events}]
                """).file("models/marts/from_source.sql", "select * from ${source('ext', 'events')}\n");
        assertThat(kiln("seed", "--project-dir", dir.toString()).exitCode()).isZero();
        Warehouse.scalar(dir, "select 1"); // the file exists; make the source table with rows
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + Warehouse.database(dir));
             var st = c.createStatement()) {
            st.execute("create schema ext");
            st.execute("create table ext.events as select 1 as id, 'x' as kind");
        }
        CliRun run = kiln("build", "--empty", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Warehouse.scalar(dir, "select count(*) from analytics.dim_users")).isEqualTo(0L);
        assertThat(Warehouse.scalar(dir, "select count(*) from analytics.from_source")).isEqualTo(0L);
        assertThat(Warehouse.scalar(dir, "select count(*) from information_schema.columns "
                + "where table_schema = 'analytics' and table_name = 'dim_users'")).isEqualTo(3L);
        String sql = Files.readString(dir.resolve("target/run_results.json"));
        assertThat(sql).contains("\"empty\"");
        assertThat(Files.readString(dir.resolve("target/manifest.json"))).contains("where false limit 0");

        CliRun full = kiln("run", "--project-dir", dir.toString());
        assertThat(full.exitCode()).as(full.toString()).isZero();
        assertThat(Warehouse.scalar(dir, "select count(*) from analytics.dim_users")).isEqualTo(3L);
        assertThat(Warehouse.scalar(dir, "select count(*) from analytics.from_source")).isEqualTo(1L);
    }

    @Test
    void retryOfAnEmptyBuildReadsNoRowsEither() throws Exception {
        Warehouse.passingShop(dir).file("models/marts/broken.sql", "select * from analytics.no_such_table\n")
                .file("models/marts/after_broken.sql", "select count(*) as n from ${ref('broken')}\n");
        String p = dir.toString();
        assertThat(kiln("seed", "--project-dir", p).exitCode()).isZero();
        CliRun build = kiln("build", "--empty", "--project-dir", p);
        assertThat(build.exitCode()).as(build.toString()).isEqualTo(1);
        Warehouse.passingShop(dir).file("models/marts/broken.sql", "select user_id from ${ref('users')}\n");
        Object seeded = Warehouse.scalar(dir, "select count(*) from raw.users");
        assertThat(seeded).as("a plain retry would read these rows").isEqualTo(3L);
        CliRun retry = kiln("retry", "--project-dir", p);
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(retry.out()).contains("Retrying 2 nodes of the last build.");
        assertThat(Warehouse.scalar(dir, "select count(*) from analytics.broken")).isEqualTo(0L); // no rows read
        assertThat(Files.readString(dir.resolve("target/run_results.json"))).contains("\"empty\"");
    }

    @Test
    void runEmptyStillFindsAColumnThatDoesNotExist() {
        Warehouse.shop(dir).file("models/marts/dim_users.sql", "select u.no_such_column_16c from ${ref('stg_users')} u\n");
        assertThat(kiln("seed", "--project-dir", dir.toString()).exitCode()).isZero();
        CliRun run = kiln("run", "--empty", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out() + run.err()).contains("no_such_column_16c");
    }

    @Test
    void aSnapshotThatTracksHardDeletesKeepsItsRowsOpen() throws Exception {
        Warehouse.passingShop(dir).file("snapshots/users.yml", """
                snapshots:
                  - name: users_history
                    relation: ref('users')
                    config: {schema: snapshots, unique_key: user_id, strategy: check, check_cols: all, hard_deletes: invalidate}
                """);
        CliRun first = kiln("build", "--project-dir", dir.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        CliRun empty = kiln("build", "--empty", "--project-dir", dir.toString());
        assertThat(empty.exitCode()).as(empty.toString()).isZero();
        assertThat(Warehouse.scalar(dir, "select count(*) from snapshots.users_history where kiln_valid_to is null"))
                .isEqualTo(3L);
        assertThat(Warehouse.scalar(dir, "select count(*) from analytics.dim_users")).isEqualTo(0L);
    }
}
