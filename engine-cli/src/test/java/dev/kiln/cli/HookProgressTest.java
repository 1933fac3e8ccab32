package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

/** Project hooks get their own progress lines, as in dbt, and a failing on-run-end fails the command. */
class HookProgressTest {

    @TempDir
    Path dir;

    @Test
    void projectHooksShowAsHookLinesAndAFailingOneExitsOne() throws Exception {
        Warehouse.passingShop(dir).file("kiln.yml", """
                name: shop
                on-run-start: "create table if not exists main.runs (n integer)"
                on-run-end:
                  - "insert into main.runs values (1)"
                  - "insert into main.no_such_table values (1)"
                models:
                  staging: {+schema: staging}
                  marts: {+schema: analytics, +materialized: table, +post-hook: "insert into main.runs values (2)"}
                seeds:
                  +schema: raw
                targets:
                  dev: {type: duckdb, path: target/shop.duckdb, threads: 1}
                """);
        CliRun run = kiln("build", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("(?m)^1 of 1 OK hook shop\\.on-run-start\\.0 \\.{3,} \\[OK in \\d+\\.\\d\\ds]$")
                .containsPattern("(?m)^1 of 2 OK hook shop\\.on-run-end\\.0 \\.{3,} \\[OK in \\d+\\.\\d\\ds]$")
                .containsPattern("(?m)^2 of 2 ERROR hook shop\\.on-run-end\\.1 \\.{3,} \\[ERROR in \\d+\\.\\d\\ds]$")
                .contains("no_such_table")
                .contains("Error in operation shop.on-run-end.1 (kiln.yml)");
        assertThat(Warehouse.scalar(dir, "select count(*) from main.runs")).isEqualTo(3L); // 2 mart tables + 1 end hook
    }
}
