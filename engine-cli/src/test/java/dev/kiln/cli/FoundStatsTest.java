package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * dbt's {@code Found …} line: every command that compiles says the project's totals, the same
 * whatever it runs or selects, in dbt's words ({@code data tests}, {@code unit test}, …).
 */
class FoundStatsTest {

    /** The totals of {@link #project()}: the disabled model and the disabled exposure do not count. */
    private static final String FOUND = "Found 2 models, 1 snapshot, 1 seed, 2 data tests, 1 operation, 1 source, "
            + "1 exposure, 3 macros, 1 unit test";

    @TempDir
    Path dir;

    private void project() {
        TempProject.create(dir, "shop", "duckdb")
                .file("kiln.yml", """
                        name: shop
                        on-run-start: "create schema if not exists audit"
                        seeds:
                          +schema: raw
                        targets:
                          dev: {type: duckdb, path: target/shop.duckdb, threads: 1}
                        """)
                .file("seeds/users.csv", "user_id,plan\n1,FREE\n2,Premium\n")
                .file("models/stg_users.sql", "select user_id, ${lower_of('plan')} as plan from ${ref('users')}\n")
                .file("models/user_count.sql", "select count(*) as n from ${ref('stg_users')}\n")
                .file("models/old.sql", "<@config enabled=false/>\nselect 1 as x\n")
                .file("macros/text.ftl", """
                        <#function lower_of col><#return "lower(" + col + ")"></#function>
                        <#function upper_of col><#return "upper(" + col + ")"></#function>
                        """)
                .file("macros/audit.ftl", "<#macro audit_columns>current_timestamp as audited_at</#macro>\n")
                .file("snapshots/users_history.yml", """
                        snapshots:
                          - name: users_history
                            relation: ref('users')
                            config: {schema: snapshots, unique_key: user_id, strategy: check, check_cols: [plan]}
                        """)
                .file("models/marts/schema.yml", """
                        version: 2
                        sources:
                          - name: app
                            schema: main
                            tables:
                              - name: events
                        models:
                          - name: stg_users
                            columns:
                              - name: user_id
                                data_tests: [unique, not_null]
                        unit_tests:
                          - name: counts_users
                            model: user_count
                            given:
                              - input: ref('stg_users')
                                rows: [{user_id: 1, plan: free}]
                            expect:
                              rows: [{n: 1}]
                        exposures:
                          - name: weekly
                            type: dashboard
                            owner: {name: Ana}
                            depends_on: ["ref('user_count')"]
                          - name: retired
                            type: dashboard
                            owner: {name: Ana}
                            depends_on: ["ref('user_count')"]
                            config: {enabled: false}
                        """);
    }

    @Test
    void everyCommandSaysTheProjectsTotalsWhateverItSelects() {
        project();
        String p = dir.toString();
        CliRun compile = kiln("compile", "--project-dir", p);
        assertThat(compile.exitCode()).as(compile.toString()).isZero();
        assertThat(compile.lines().get(0)).isEqualTo(FOUND);

        for (String[] command : new String[][] {{"seed"}, {"run", "-s", "stg_users"}, {"snapshot"}, {"test"},
                {"build", "-s", "user_count", "--exclude", "resource_type:unit_test"}, {"build", "-s", "resource_type:seed"}}) {
            String[] args = new String[command.length + 2];
            System.arraycopy(command, 0, args, 0, command.length);
            args[command.length] = "--project-dir";
            args[command.length + 1] = p;
            CliRun run = kiln(args);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.lines().get(1)).as(String.join(" ", command)).isEqualTo(FOUND);
        }

        // ls keeps its stdout for the list; the totals go to stderr
        CliRun ls = kiln("ls", "-o", "name", "-s", "user_count", "--project-dir", p);
        assertThat(ls.exitCode()).as(ls.toString()).isZero();
        assertThat(ls.lines()).containsExactly("user_count");
        assertThat(ls.err()).contains(FOUND);
    }

    @Test
    void theJsonEventCarriesTheStatLine() throws Exception {
        project();
        CliRun run = kiln("--log-format", "json", "seed", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode found = null;
        for (String line : run.out().lines().toList()) {
            JsonNode e = new ObjectMapper().readTree(line);
            if (e.path("info").path("name").asText().equals("FoundStats")) {
                found = e;
            }
        }
        assertThat(found).as(run.out()).isNotNull();
        assertThat(found.path("info").path("msg").asText()).isEqualTo(FOUND);
        assertThat(found.path("data").path("stat_line").asText()).isEqualTo(FOUND.substring("Found ".length()));
    }
}
