package dev.kiln.cli;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slim-CI recipe of docs/ci.md, on one DuckDB file: {@code kiln build --target prod
 * --target-path prod-state}, a change, then {@code kiln build --target ci -s state:modified+
 * --state prod-state --defer}.
 */
class DeferCommandTest {

    @TempDir
    Path dir;
    private TempProject project;

    @BeforeEach
    void buildProduction() {
        project = TempProject.create(dir, "shop", "duckdb")
                .file("kiln.yml", """
                        name: shop
                        models:
                          +materialized: table
                        targets:
                          prod: {type: duckdb, path: warehouse/shop.duckdb, schema: prod, threads: 1}
                          ci: {type: duckdb, path: warehouse/shop.duckdb, schema: ci, threads: 1}
                        default-target: prod
                        """)
                .file("seeds/plans.csv", "plan_id,name\n1,free\n2,premium\n")
                .file("models/stg_users.sql", "select * from (values (1, 'free'), (2, 'premium'), (3, 'free')) v(user_id, plan)\n")
                .file("models/dim_users.sql", """
                        select u.user_id, p.plan_id from ${ref('stg_users')} u join ${ref('plans')} p on p.name = u.plan
                        """)
                .file("models/user_total.sql", "select count(*) as n from ${ref('stg_users')}\n");
        CliRun prod = kiln("build", "--project-dir", dir.toString(), "--target", "prod", "--target-path", "prod-state");
        assertThat(prod.exitCode()).as(prod.toString()).isZero();
        assertThat(dir.resolve("prod-state/manifest.json")).isRegularFile();
        assertThat(dir.resolve("target")).doesNotExist();
        project.file("models/dim_users.sql", """
                select u.user_id, p.plan_id, p.plan_id * 10 as plan_rank
                from ${ref('stg_users')} u join ${ref('plans')} p on p.name = u.plan
                """);
    }

    private String state() {
        return dir.resolve("prod-state").toString();
    }

    @Test
    void aPullRequestBuildsOnlyTheChangeOnProductionsUpstream() throws Exception {
        CliRun ci = kiln("build", "--project-dir", dir.toString(), "--target", "ci", "-s", "state:modified+",
                "--state", state(), "--defer", "--target-path", "ci-state");
        assertThat(ci.exitCode()).as(ci.toString()).isZero();
        assertThat(ci.lines().get(0)).endsWith(", threads=1, deferring to " + state());
        assertThat(ci.lines().get(1)).isEqualTo("Found 3 models, 1 seed"); // the project, not the selection
        assertThat(ci.out()).containsPattern("(?m)^1 of 1 OK created table ci\\.dim_users \\.{3,} \\[CREATE TABLE \\(3 rows\\)");
        assertThat(rows("select user_id, plan_rank from ci.dim_users order by 1")).containsExactly("1|10", "2|20", "3|10");
        assertThat(rows("select table_name from information_schema.tables where table_schema = 'ci'"))
                .containsExactly("dim_users");
        assertThat(Files.readString(dir.resolve("ci-state/compiled/shop/models/dim_users.sql")))
                .contains("from \"shop\".\"prod\".\"stg_users\" u join \"shop\".\"prod\".\"plans\" p");
    }

    @Test
    void showInlineReadsWhatTheTargetLacksFromTheState() {
        CliRun run = kiln("show", "--project-dir", dir.toString(), "--target", "ci", "--state", state(), "--defer",
                "--inline", "select count(*) as n from ${ref('stg_users')}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("|   3 |");
        CliRun without = kiln("show", "--project-dir", dir.toString(), "--target", "ci",
                "--inline", "select count(*) as n from ${ref('stg_users')}");
        assertThat(without.exitCode()).as(without.toString()).isEqualTo(1); // ci.stg_users does not exist
        assertThat(without.err()).contains("stg_users");
    }

    @Test
    void compileShowsTheDeferredSqlAndShowPreviewsIt() throws Exception {
        CliRun compile = kiln("compile", "--project-dir", dir.toString(), "--target", "ci", "-s", "state:modified",
                "--state", state(), "--defer");
        assertThat(compile.exitCode()).as(compile.toString()).isZero();
        assertThat(compile.lines()).contains("model.shop.dim_users", "Selected 1 of 4 nodes.");
        assertThat(Files.readString(dir.resolve("target/compiled/shop/models/dim_users.sql")))
                .contains("\"shop\".\"prod\".\"stg_users\"");

        CliRun show = kiln("show", "--project-dir", dir.toString(), "--target", "ci", "-s", "dim_users",
                "--state", state(), "--defer", "--favor-state");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("Previewing dim_users (3 rows):").contains("plan_rank");
    }

    @Test
    void withoutDeferTheChangeFailsForWantOfUpstream() {
        CliRun ci = kiln("build", "--project-dir", dir.toString(), "--target", "ci", "-s", "state:modified+",
                "--state", state(), "--target-path", "ci-state");
        assertThat(ci.exitCode()).as(ci.toString()).isEqualTo(1);
        assertThat(ci.out()).contains("ERROR").containsIgnoringCase("stg_users");
    }

    @Test
    void deferWithoutStateIsAUsageError() {
        CliRun run = kiln("build", "--project-dir", dir.toString(), "--target", "ci", "--defer");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--defer needs --state DIR");
        CliRun favor = kiln("run", "--project-dir", dir.toString(), "--target", "ci", "--state", state(), "--favor-state");
        assertThat(favor.exitCode()).isEqualTo(2);
        assertThat(favor.err()).contains("--favor-state only applies with --defer");
    }

    @Test
    void anUpstreamTheStateDoesNotHaveIsAUsageErrorThatSaysWhatToDo() throws Exception {
        project.file("models/new_plans.sql", "select 3 as plan_id, 'team' as name\n")
                .file("models/dim_users.sql", "select * from ${ref('stg_users')} u join ${ref('new_plans')} p using (plan_id)\n");
        CliRun ci = kiln("run", "--project-dir", dir.toString(), "--target", "ci", "-s", "dim_users",
                "--state", state(), "--defer");
        assertThat(ci.exitCode()).as(ci.toString()).isEqualTo(2);
        assertThat(ci.err()).contains("--defer: 1 node cannot be read from the --state run ("
                        + dir.resolve("prod-state/manifest.json") + ")")
                .contains("models/dim_users.sql:1:1: error: dim_users reads model 'new_plans', which is not selected, "
                        + "is not built in target 'ci', and " + dir.resolve("prod-state/manifest.json")
                        + " has no model 'new_plans'.")
                .contains("hint: Select it too (+dim_users), build it in target 'ci' first, or point --state at a run "
                        + "that built it.");
        assertThat(rows("select count(*) from information_schema.tables where table_schema = 'ci'")).containsExactly("0");
    }

    @Test
    void cleanDeletesTheTargetPathGiven() {
        assertThat(kiln("clean", "--project-dir", dir.toString(), "--target-path", "prod-state").exitCode()).isZero();
        assertThat(dir.resolve("prod-state")).doesNotExist();
        CliRun outside = kiln("clean", "--project-dir", dir.toString(), "--target-path", "..");
        assertThat(outside.exitCode()).isEqualTo(2);
        assertThat(outside.err()).contains("--target-path '..' is not a folder inside the project");
    }

    private List<String> rows(String sql) throws Exception {
        return dev.kiln.testkit.JdbcRows.query("jdbc:duckdb:" + dir.resolve("warehouse/shop.duckdb"), sql);
    }
}
