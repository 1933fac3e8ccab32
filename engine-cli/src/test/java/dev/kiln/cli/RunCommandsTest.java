package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code seed}, {@code run}, {@code test} and {@code snapshot}, and the options every run command shares. */
class RunCommandsTest {

    @TempDir
    Path dir;

    @Test
    void seedRunAndTestEachDoTheirPart() throws Exception {
        Warehouse.passingShop(dir);
        String p = dir.toString();
        CliRun seed = kiln("seed", "--project-dir", p);
        assertThat(seed.exitCode()).as(seed.toString()).isZero();
        assertThat(seed.out()).contains("Found 3 models, 2 seeds, 4 data tests", "OK loaded seed raw.users", "Done. PASS=2 WARN=0 ERROR=0 SKIP=0 TOTAL=2")
                .doesNotContain("created");
        CliRun run = kiln("run", "--project-dir", p);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Found 3 models, 2 seeds, 4 data tests", "OK created table analytics.user_count", "TOTAL=3")
                .doesNotContain("loaded seed", "PASS unique");
        CliRun test = kiln("test", "--project-dir", p);
        assertThat(test.exitCode()).as(test.toString()).isZero();
        assertThat(test.out()).contains("Found 3 models, 2 seeds, 4 data tests", "PASS unique_dim_users_user_id", "WARN 1 not_null_dim_users_plan_id",
                "Done. PASS=3 WARN=1 ERROR=0 SKIP=0 TOTAL=4");
        assertThat(Warehouse.scalar(dir, "select n from analytics.user_count")).isEqualTo(3L);
    }

    @Test
    void aFailingTestMakesTestExitOne() {
        Warehouse.shop(dir);
        assertThat(kiln("build", "--project-dir", dir.toString(), "--exclude", "resource_type:test").exitCode()).isZero();
        CliRun test = kiln("test", "--project-dir", dir.toString());
        assertThat(test.exitCode()).as(test.toString()).isEqualTo(1);
        assertThat(test.out()).contains("FAIL 1 " + Warehouse.ACCEPTED_VALUES, "Failure in test " + Warehouse.ACCEPTED_VALUES);
    }

    @Test
    void selectAndExcludeChooseTheNodes() {
        Warehouse.passingShop(dir);
        CliRun run = kiln("build", "--project-dir", dir.toString(), "-s", "+dim_users", "--exclude", "resource_type:test");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Found 3 models, 2 seeds, 4 data tests", "TOTAL=4").doesNotContain("user_count", "PASS ");
    }

    @Test
    void snapshotRecordsHistory() throws Exception {
        Warehouse.passingShop(dir).file("snapshots/users_history.yml", """
                snapshots:
                  - name: users_history
                    relation: ref('users')
                    config:
                      schema: snapshots
                      unique_key: user_id
                      strategy: check
                      check_cols: [plan]
                """);
        assertThat(kiln("seed", "--project-dir", dir.toString()).exitCode()).isZero();
        CliRun run = kiln("snapshot", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Found 3 models, 1 snapshot, 2 seeds, 4 data tests")
                .containsPattern("(?m)^1 of 1 OK snapshotted snapshots\\.users_history \\.{3,} \\[SNAPSHOT 3 new.* in ");
        assertThat(Warehouse.scalar(dir, "select count(*) from snapshots.users_history")).isEqualTo(3L);
    }

    @Test
    void fullRefreshRebuildsIncrementalModels() throws Exception {
        Warehouse.passingShop(dir).file("models/marts/events.sql", """
                <@config materialized="incremental" />
                select 1 as id
                """);
        String p = dir.toString();
        assertThat(kiln("run", "--project-dir", p, "-s", "events").exitCode()).isZero();
        CliRun again = kiln("run", "--project-dir", p, "-s", "events");
        assertThat(again.out()).contains("OK built incremental analytics.events").contains("[INSERT 1 in ");
        assertThat(Warehouse.scalar(dir, "select count(*) from analytics.events")).isEqualTo(2L);
        CliRun full = kiln("run", "--full-refresh", "--project-dir", p, "-s", "events");
        assertThat(full.exitCode()).as(full.toString()).isZero();
        assertThat(full.out()).contains("[CREATE TABLE (1 row) in ");
        assertThat(Warehouse.scalar(dir, "select count(*) from analytics.events")).isEqualTo(1L);
        JsonNode args = new ObjectMapper().readTree(dir.resolve("target/run_results.json").toFile()).path("args");
        assertThat(args.path("full_refresh").asBoolean()).isTrue();
    }

    @Test
    void globalOptionsMayStandBeforeOrAfterTheCommand() {
        Warehouse.passingShop(dir);
        String p = dir.toString();
        assertThat(kiln("seed", "--project-dir", p).exitCode()).isZero();
        CliRun before = kiln("--project-dir", p, "--threads", "1", "--target", "dev", "build", "-s", "stg_users+");
        CliRun after = kiln("build", "-s", "stg_users+", "--project-dir", p, "--target=dev", "--threads", "1");
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(withoutTimes(after.out())).isEqualTo(withoutTimes(before.out()));
        assertThat(before.lines().get(0)).endsWith("threads=1");
    }

    @Test
    void threadsOverridesTheTargetsThreads() {
        Warehouse.passingShop(dir);
        assertThat(kiln("seed", "--project-dir", dir.toString()).exitCode()).isZero();
        CliRun run = kiln("build", "--project-dir", dir.toString(), "--threads", "4");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.lines().get(0)).isEqualTo("Running with kiln=0.1.0, target=dev (duckdb), threads=4");
        CliRun zero = kiln("build", "--project-dir", dir.toString(), "--threads", "0");
        assertThat(zero.exitCode()).as(zero.toString()).isEqualTo(2);
    }

    @Test
    void anUnknownTargetIsAUsageError() {
        Warehouse.shop(dir);
        CliRun run = kiln("run", "--project-dir", dir.toString(), "--target", "prod");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown target 'prod'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "seed", "test", "build", "snapshot", "retry", "show"})
    void everyCommandHasHelpWithItsOptions(String command) {
        CliRun run = kiln(command, "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: kiln " + command).contains("--project-dir", "--threads");
        if (!command.equals("show")) {
            assertThat(run.out()).contains("--full-refresh", "--fail-fast");
        }
        if (!command.equals("retry")) {
            assertThat(run.out()).contains("--select", "--exclude");
        }
    }

    /** The output with durations blanked out, and the nodes in sorted order (threads finish in any order). */
    private static List<String> withoutTimes(String out) {
        return out.lines().map(l -> l.replaceAll("\\d+\\.\\d\\ds", "T").replaceAll("^\\d+ of ", "N of ")
                .replaceAll("\\.{3,}", "...")).sorted().toList();
    }
}
