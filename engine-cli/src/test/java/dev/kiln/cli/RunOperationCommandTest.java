package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class RunOperationCommandTest {

    @TempDir
    Path dir;

    private void project() {
        Warehouse.passingShop(dir).file("macros/ops.ftl", """
                <#macro make_audit schema="audit" note="none">
                create schema if not exists ${schema};
                create or replace table ${schema}.notes as select '${note}' as note, (select count(*) from ${ref('stg_users')}) as users;
                -- a comment; with a semicolon
                select note, users from ${schema}.notes
                </#macro>

                <#function user_count_sql min>
                  <#return "select count(*) as n from " + ref('users') + " where user_id >= " + min>
                </#function>

                <#macro broken>
                select * from no_such_table_16c
                </#macro>
                """);
    }

    @Test
    void rendersTheMacroWithItsArgumentsAndRunsEveryStatement() throws Exception {
        project();
        assertThat(kiln("build", "--project-dir", dir.toString()).exitCode()).isZero();
        CliRun run = kiln("run-operation", "make_audit", "--args", "{note: all good, schema: ops}",
                "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("1 of 3: OK create schema if not exists ops")
                .contains("3 of 3: 1 row:").contains("| all good |     3 |").contains("Ran 3 statements of make_audit.");
        assertThat(Warehouse.scalar(dir, "select users from ops.notes")).isEqualTo(3L);

        CliRun function = kiln("run-operation", "user_count_sql", "--args", "{min: 2}", "--project-dir", dir.toString());
        assertThat(function.exitCode()).as(function.toString()).isZero();
        assertThat(function.out()).contains("|   2 |");
    }

    @Test
    void aFailingStatementExitsOneAtTheMacrosFileAndLine() {
        project();
        CliRun run = kiln("run-operation", "broken", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("macros/ops.ftl:12:").contains("no_such_table_16c").contains("statement 1 of 1");
    }

    @Test
    void anUnknownMacroOrArgumentIsAUsageErrorWithASuggestion() {
        project();
        CliRun unknown = kiln("run-operation", "make_audt", "--project-dir", dir.toString());
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).contains("No macro named 'make_audt'").contains("make_audit");
        CliRun badArg = kiln("run-operation", "make_audit", "--args", "{schem: x}", "--project-dir", dir.toString());
        assertThat(badArg.exitCode()).as(badArg.toString()).isEqualTo(2);
        assertThat(badArg.err()).contains("has no parameter 'schem'").contains("schema");
        CliRun notAMap = kiln("run-operation", "make_audit", "--args", "[1, 2]", "--project-dir", dir.toString());
        assertThat(notAMap.exitCode()).as(notAMap.toString()).isEqualTo(2);
    }

    @Test
    void aTemplateErrorInTheMacroPointsAtItsLine() {
        Warehouse.shop(dir).file("macros/bad.ftl", """
                <#macro oops>
                select ${var('no_such_var_16c')}
                </#macro>
                """);
        CliRun run = kiln("run-operation", "oops", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("macros/bad.ftl:2:").contains("no_such_var_16c");
    }
}
