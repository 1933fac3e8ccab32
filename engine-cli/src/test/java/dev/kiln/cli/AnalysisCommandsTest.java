package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

/** The analyze stage on the command line: syntax errors, reads without ref(), --strict, kiln lineage. */
class AnalysisCommandsTest {

    @TempDir
    Path dir;

    @Test
    void aSyntaxErrorStopsCompileAtItsPlaceInTheModelFile() {
        Warehouse.shop(dir).file("models/marts/dim_users.sql", """
                select u.user_id, u.plan, p.plan_id
                from ${ref('stg_users')} u
                left join ${ref('plans')} p p.name = u.plan
                """);
        CliRun run = kiln("compile", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).as(run.toString())
                .contains("models/marts/dim_users.sql:3:29: error: SQL syntax error: syntax error at or near \"p\"")
                .contains("3 | left join ${ref('plans')} p p.name = u.plan\n"
                        + "    |                             ^")
                .contains("hint: Nothing was run.");
        assertThat(run.out()).doesNotContain("Compiled");
        // the rejected model's compiled SQL is there to read, the manifest is not written
        assertThat(dir.resolve("target/compiled/shop/models/marts/dim_users.sql")).content()
                .contains("left join \"shop\".\"raw\".\"plans\" p p.name = u.plan");
        assertThat(dir.resolve("target/manifest.json")).doesNotExist();
    }

    @Test
    void aSyntaxErrorStopsBuildBeforeTheDatabaseIsTouched() {
        Warehouse.shop(dir).file("models/marts/user_count.sql", "select count(*) as n from ${ref('dim_users')} where\n");
        CliRun run = kiln("build", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("models/marts/user_count.sql:1:").contains("SQL syntax error");
        assertThat(run.out()).doesNotContain("OK created");
        assertThat(Warehouse.database(dir)).doesNotExist(); // not even the seeds ran
    }

    @Test
    void aReadOfAModelWithoutRefNamesTheRefToWrite() {
        Warehouse.shop(dir).file("models/marts/user_count.sql", "select count(*) as n\nfrom analytics.dim_users\n");
        CliRun run = kiln("run", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("models/marts/user_count.sql:2:6: error: reads analytics.dim_users without ref(); "
                + "write ${ref('dim_users')}");
        assertThat(Warehouse.database(dir)).doesNotExist();
    }

    @Test
    void strictTurnsSqlCalciteCannotParseIntoAnError() {
        TempProject.create(dir, "shop", "duckdb")
                .file("models/base.sql", "select 1 as id, 'a' as kind\n")
                .file("models/kinds.sql", "select kind, count(*) as n\nfrom ${ref('base')}\ngroup by all\n");
        CliRun lenient = kiln("compile", "--project-dir", dir.toString());
        assertThat(lenient.exitCode()).as(lenient.toString()).isZero();
        assertThat(lenient.err()).contains("warning: Calcite cannot parse the SQL of 1 model (kinds)");

        CliRun strict = kiln("compile", "--strict", "--project-dir", dir.toString());
        assertThat(strict.exitCode()).as(strict.toString()).isEqualTo(2);
        assertThat(strict.err()).contains("models/kinds.sql:3:13: error: Calcite cannot parse kinds's SQL, so its analysis is unknown");
    }

    private TempProject lineageProject() {
        return TempProject.create(dir, "shop", "ansi")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            tables:
                              - name: users
                                columns: [{name: id}, {name: email}, {name: plan}]
                        """)
                .file("models/stg_users.sql",
                        "select id as user_id, email, plan from ${source('raw', 'users')}\n")
                .file("models/dim_users.sql",
                        "select user_id, lower(email) as email_lower, plan from ${ref('stg_users')}\n")
                .file("models/plan_counts.sql",
                        "select plan, count(*) as users from ${ref('dim_users')} group by plan\n");
    }

    @Test
    void lineageOfAColumnShowsBothDirections() {
        lineageProject();
        CliRun run = kiln("lineage", "stg_users.email", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                stg_users.email
                  upstream:
                    raw.users.email  direct
                  downstream:
                    dim_users.email_lower  transformed
                """);
    }

    @Test
    void whatBreaksIfASourceColumnIsDropped() {
        lineageProject();
        CliRun run = kiln("lineage", "source:raw.users.plan", "--direction", "down", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                raw.users.plan
                  downstream:
                    stg_users.plan  direct
                      dim_users.plan  direct
                        plan_counts.plan  direct
                """);
    }

    @Test
    void upstreamOfEveryColumnOfAModel() {
        lineageProject();
        CliRun run = kiln("lineage", "plan_counts", "-d", "up", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                plan_counts.plan
                  upstream:
                    dim_users.plan  direct
                      stg_users.plan  direct
                        raw.users.plan  direct
                plan_counts.users
                  upstream:
                    (none)
                """);
    }

    @Test
    void lineageAsJson() throws Exception {
        lineageProject();
        CliRun run = kiln("lineage", "raw.users.email", "-o", "json", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("unique_id").asText()).isEqualTo("source.shop.raw.users");
        JsonNode col = json.get("columns").get(0);
        assertThat(col.get("column").asText()).isEqualTo("email");
        assertThat(col.get("upstream")).isEmpty();
        assertThat(col.get("downstream").toString()).isEqualTo("["
                + "{\"unique_id\":\"model.shop.stg_users\",\"name\":\"stg_users\",\"column\":\"email\",\"depth\":1,"
                + "\"derivation\":\"direct\",\"via\":\"raw.users.email\"},"
                + "{\"unique_id\":\"model.shop.dim_users\",\"name\":\"dim_users\",\"column\":\"email_lower\",\"depth\":2,"
                + "\"derivation\":\"transformed\",\"via\":\"stg_users.email\"}]");
    }

    @Test
    void unknownNamesAndColumnsAreUsageErrors() {
        lineageProject();
        CliRun node = kiln("lineage", "stg_userz.email", "--project-dir", dir.toString());
        assertThat(node.exitCode()).as(node.toString()).isEqualTo(2);
        assertThat(node.err()).contains("No model, seed, snapshot or source named 'stg_userz.email'. Did you mean 'stg_users'?");
        CliRun column = kiln("lineage", "stg_users.emial", "--project-dir", dir.toString());
        assertThat(column.exitCode()).as(column.toString()).isEqualTo(2);
        assertThat(column.err()).contains("stg_users has no column 'emial'. Did you mean 'email'?");
    }

    @Test
    void compileWritesLineageIntoTheManifest() throws Exception {
        lineageProject();
        CliRun run = kiln("compile", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode node = new ObjectMapper().readTree(Files.readString(dir.resolve("target/manifest.json")))
                .get("nodes").get("model.shop.dim_users").get("meta").get("kiln");
        assertThat(node.get("column_lineage").get("email_lower").toString()).isEqualTo(
                "[{\"unique_id\":\"model.shop.stg_users\",\"column\":\"email\",\"derivation\":\"transformed\"}]");
        assertThat(node.get("analysis").get("status").asText()).isEqualTo("parsed");
    }
}
