package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class ShowCommandTest {

    @TempDir
    Path dir;

    @Test
    void showsAModelsRowsAsAnAlignedTable() {
        Warehouse.passingShop(dir).file("models/marts/dim_users.sql", """
                select u.user_id, u.plan, p.plan_id
                from ${ref('stg_users')} u
                left join ${ref('plans')} p on p.name = u.plan
                order by u.user_id
                """);
        assertThat(kiln("seed", "--project-dir", dir.toString()).exitCode()).isZero();
        assertThat(kiln("run", "--project-dir", dir.toString(), "-s", "stg_users").exitCode()).isZero();
        CliRun run = kiln("show", "--project-dir", dir.toString(), "-s", "dim_users");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                Previewing dim_users (3 rows):

                | user_id | plan       | plan_id |
                | ------- | ---------- | ------- |
                |       1 | free       |       1 |
                |       2 | premium    |       2 |
                |       3 | enterprise |    null |
                """);
    }

    @Test
    void limitCutsTheRowsAndSaysThereAreMore() {
        Warehouse.shop(dir).file("models/numbers.sql", "select range as n, 'row ' || range as label from range(100)\n");
        CliRun run = kiln("show", "-s", "numbers", "--limit", "2", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                Previewing numbers (first 2 rows):

                |   n | label |
                | --- | ----- |
                |   0 | row 0 |
                |   1 | row 1 |
                … (more rows)
                """);
        CliRun five = kiln("show", "-s", "numbers", "--project-dir", dir.toString());
        assertThat(five.out()).startsWith("Previewing numbers (first 5 rows):").contains("|   4 | row 4 |")
                .doesNotContain("row 5 ").endsWith("… (more rows)\n");
    }

    @Test
    void showNeedsExactlyOneModel() {
        Warehouse.shop(dir);
        CliRun none = kiln("show", "--project-dir", dir.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("kiln show -s MODEL");
        CliRun two = kiln("show", "--project-dir", dir.toString(), "-s", "dim_users", "user_count");
        assertThat(two.exitCode()).as(two.toString()).isEqualTo(2);
        assertThat(two.err()).contains("exactly one");
        CliRun zero = kiln("show", "--project-dir", dir.toString(), "-s", "dim_users", "--limit", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--limit");
    }

    @Test
    void aFailingQueryExitsOne() {
        Warehouse.shop(dir).file("models/broken.sql", "select * from analytics.no_such_table\n");
        CliRun run = kiln("show", "--project-dir", dir.toString(), "-s", "broken");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("no_such_table").doesNotContain("\tat ");
    }

    @Test
    void inlineRendersRefsAndVarsAndShowsTheRows() {
        Warehouse.passingShop(dir);
        assertThat(kiln("build", "--project-dir", dir.toString()).exitCode()).isZero();
        CliRun run = kiln("show", "--project-dir", dir.toString(), "--inline",
                "select plan, count(*) as n from ${ref('dim_users')} where plan <> '${var('skip', 'none')}' group by plan order by plan",
                "--limit", "2");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                Previewing inline query (first 2 rows):

                | plan       |   n |
                | ---------- | --- |
                | enterprise |   1 |
                | free       |   1 |
                … (more rows)
                """);
    }

    @Test
    void inlineErrorsSayWhatWasWrong() {
        Warehouse.shop(dir);
        CliRun both = kiln("show", "--project-dir", dir.toString(), "-s", "dim_users", "--inline", "select 1");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("either -s MODEL or --inline SQL");
        CliRun badRef = kiln("show", "--project-dir", dir.toString(), "--inline", "select * from ${ref('dim_user')}");
        assertThat(badRef.exitCode()).as(badRef.toString()).isEqualTo(2);
        assertThat(badRef.err()).contains("inline:1:").contains("dim_user").contains("dim_users");
    }
}
