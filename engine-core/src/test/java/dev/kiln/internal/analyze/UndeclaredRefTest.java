package dev.kiln.internal.analyze;

import dev.kiln.AnalysisReport;
import dev.kiln.Diagnostic;
import dev.kiln.TableRead;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a Kiln-managed relation by name, without ref(), is an error naming the ref() to write. */
class UndeclaredRefTest {

    @TempDir
    Path dir;

    private TempProject project() {
        return AnalyzeFixture.project(dir)
                .file("kiln.yml", """
                        name: shop
                        models:
                          staging:
                            +schema: staging
                        targets:
                          dev: {type: ansi}
                        """)
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            schema: raw
                            tables:
                              - name: users
                        """)
                .file("models/staging/stg_users.sql", "select * from ${source('raw', 'users')}\n")
                .file("models/plain.sql", "select 1 as one\n");
    }

    private List<Diagnostic> errors(TempProject p) {
        return AnalyzeFixture.analyze(p, AnalyzeFixture.options()).diagnostics().stream()
                .filter(Diagnostic::isError).toList();
    }

    @Test
    void unquotedSchemaQualifiedName() {
        TempProject p = project().file("models/x.sql", "-- reads by name\nselect u.id\nfrom staging.stg_users u\n");
        assertThat(errors(p)).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("undeclared-ref");
            assertThat(d.format()).startsWith(
                    "models/x.sql:3:6: error: reads staging.stg_users without ref(); write ${ref('stg_users')}");
        });
    }

    @Test
    void quotedNameInAJoinAfterARef() {
        TempProject p = project().file("models/x.sql",
                "select p.one, u.id from ${ref('plain')} p\njoin \"staging\".\"STG_USERS\" u on true\n");
        assertThat(errors(p)).singleElement().satisfies(d ->
                assertThat(d.format()).startsWith("models/x.sql:2:6: error: reads staging.STG_USERS without ref();"
                        + " write ${ref('stg_users')}"));
    }

    @Test
    void catalogQualifiedAndDefaultSchemaNames() {
        TempProject p = project().file("models/x.sql", """
                select * from warehouse.staging.stg_users
                union all
                select * from plain
                """);
        assertThat(errors(p)).extracting(Diagnostic::message).containsExactly(
                "reads warehouse.staging.stg_users without ref(); write ${ref('stg_users')}",
                "reads plain without ref(); write ${ref('plain')}");
    }

    @Test
    void subqueriesAndCtesAreSearchedButCteNamesAreNotTables() {
        TempProject p = project().file("models/x.sql", """
                with plain as (select 2 as one)
                select * from plain
                where exists (select 1 from staging.stg_users)
                """);
        assertThat(errors(p)).extracting(Diagnostic::message)
                .containsExactly("reads staging.stg_users without ref(); write ${ref('stg_users')}");
    }

    @Test
    void declaredRelationsTheirOwnNameAndForeignTablesAreFine() {
        TempProject p = project()
                .file("models/x.sql", """
                        <@config materialized='incremental'/>
                        select u.* from ${ref('stg_users')} u
                        join staging.stg_users again on true
                        left join other_db.lookup l on true
                        where u.id > (select max(id) from ${this})
                        """);
        AnalysisReport r = AnalyzeFixture.analyze(p, AnalyzeFixture.options());
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.model("model.shop.x").orElseThrow().tablesRead()).containsExactly(
                new TableRead("model.shop.stg_users", "\"staging\".\"stg_users\"", true),
                new TableRead(null, "other_db.lookup", false));
    }

    @Test
    void aSourceReadByNameIsAWarning() {
        TempProject p = project().file("models/x.sql", "select * from raw.users\n");
        AnalysisReport r = AnalyzeFixture.analyze(p, AnalyzeFixture.options());
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("undeclared-source");
            assertThat(d.message()).isEqualTo("reads raw.users without source(); write ${source('raw', 'users')}");
        });
    }
}
