package dev.kiln.duckdb;

import dev.kiln.Command;
import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunOptions;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Incremental models on a real DuckDB file: every strategy, full refresh, schema changes, failures. */
class IncrementalTest {

    private static final String EVENTS_V1 = """
            id,day,amount,updated_at
            1,2026-01-01,10,2026-01-01 08:00:00
            2,2026-01-01,20,2026-01-01 09:00:00
            3,2026-01-02,30,2026-01-02 08:00:00
            """;
    /** Row 2 changed, row 4 is new. */
    private static final String EVENTS_V2 = """
            id,day,amount,updated_at
            1,2026-01-01,10,2026-01-01 08:00:00
            2,2026-01-01,25,2026-01-03 10:00:00
            3,2026-01-02,30,2026-01-02 08:00:00
            4,2026-01-03,40,2026-01-03 09:00:00
            """;
    private static final String NEWER_ONLY = """
            select id, day, amount, updated_at from ${ref('events')}
            <#if is_incremental()>where updated_at > (select max(updated_at) from ${this})</#if>
            """;

    @TempDir
    Path dir;

    private TempProject project(String model) {
        return TempProject.create(dir, "inc", "duckdb")
                .file("seeds/events.csv", EVENTS_V1)
                .file("models/events_inc.sql", model);
    }

    private void events(String csv) {
        new TempProject(dir).file("seeds/events.csv", csv);
    }

    private void model(String sql) {
        new TempProject(dir).file("models/events_inc.sql", sql);
    }

    private NodeResult build() {
        return run(Command.BUILD, RunOptions.DEFAULTS);
    }

    /** The project error that stops a build before it runs (bad incremental config). */
    private dev.kiln.Diagnostic projectError() {
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            kiln.build(Selection.ALL);
        } catch (dev.kiln.KilnException e) {
            assertThat(e.code()).isEqualTo(dev.kiln.ErrorCode.PROJECT_INVALID);
            return e.diagnostics().get(0);
        }
        throw new AssertionError("the build ran; expected a project error");
    }

    private NodeResult run(Command command, RunOptions options) {
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.execute(command, Selection.ALL, options);
            return r.results().stream().filter(n -> n.uniqueId().endsWith(".events_inc")).findFirst().orElseThrow();
        }
    }

    private List<List<Object>> rows(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("target/dev.duckdb"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v == null ? null : v.toString());
                }
                out.add(row);
            }
            return out;
        }
    }

    private List<List<Object>> table() throws Exception {
        return rows("select * from main.events_inc order by all");
    }

    private List<List<Object>> columns() throws Exception {
        return rows("select column_name, data_type from information_schema.columns where table_name = 'events_inc'"
                + " order by ordinal_position");
    }

    private void assertNoTemporaryTables() throws Exception {
        assertThat(rows("select table_name from information_schema.tables where contains(table_name, 'kiln_tmp')")).isEmpty();
    }

    private static List<Object> row(Object... values) {
        List<Object> r = new ArrayList<>();
        for (Object v : values) {
            r.add(v == null ? null : v.toString());
        }
        return r;
    }

    @Test
    void appendIsTheDefaultWithoutUniqueKeyAndARerunWithoutNewRowsChangesNothing() throws Exception {
        project("<@config materialized='incremental'/>\n" + NEWER_ONLY);
        NodeResult first = build();
        assertThat(first.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(first.message()).isEqualTo("CREATE TABLE");
        assertThat(first.rowsAffected()).isEqualTo(3);

        events(EVENTS_V2);
        NodeResult second = build();
        assertThat(second.message()).isEqualTo("INSERT 2");
        assertThat(second.rowsAffected()).isEqualTo(2);
        assertThat(rows("select id, amount from main.events_inc order by all"))
                .containsExactly(row(1, 10), row(2, 20), row(2, 25), row(3, 30), row(4, 40));

        List<List<Object>> before = table();
        NodeResult third = build();
        assertThat(third.message()).isEqualTo("INSERT 0");
        assertThat(table()).isEqualTo(before);
        assertNoTemporaryTables();
    }

    @Test
    void mergeIsTheDefaultWithUniqueKeyAndUpdatesChangedRowsAndInsertsNewOnes() throws Exception {
        project("<@config materialized='incremental' unique_key='id'/>\n" + NEWER_ONLY);
        build();
        events(EVENTS_V2);
        NodeResult second = build();
        assertThat(second.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(second.message()).isEqualTo("MERGE 2");
        assertThat(rows("select id, amount, cast(updated_at as varchar) from main.events_inc order by id")).containsExactly(
                row(1, 10, "2026-01-01 08:00:00"), row(2, 25, "2026-01-03 10:00:00"),
                row(3, 30, "2026-01-02 08:00:00"), row(4, 40, "2026-01-03 09:00:00"));

        List<List<Object>> before = table();
        assertThat(build().message()).isEqualTo("MERGE 0");
        assertThat(table()).isEqualTo(before);
        assertNoTemporaryTables();
    }

    @Test
    void mergingEveryRowAgainChangesNoValue() throws Exception {
        project("<@config materialized='incremental' incremental_strategy='merge' unique_key='id'/>\n"
                + "select id, day, amount, updated_at from ${ref('events')}\n");
        build();
        events(EVENTS_V2);
        assertThat(build().message()).isEqualTo("MERGE 4");
        List<List<Object>> before = table();
        assertThat(before).hasSize(4);
        assertThat(build().message()).isEqualTo("MERGE 4");
        assertThat(table()).isEqualTo(before);
    }

    @Test
    void mergeWithACompositeKey() throws Exception {
        project("""
                <@config materialized='incremental' incremental_strategy='merge' unique_key=['day', 'id']/>
                select day, id % 2 as id, sum(amount) as amount from ${ref('events')} group by all
                """);
        build();
        assertThat(rows("select cast(day as varchar), id, amount from main.events_inc order by all"))
                .containsExactly(row("2026-01-01", 0, 20), row("2026-01-01", 1, 10), row("2026-01-02", 1, 30));
        events(EVENTS_V2);
        assertThat(build().message()).isEqualTo("MERGE 4");
        assertThat(rows("select cast(day as varchar), id, amount from main.events_inc order by all")).containsExactly(
                row("2026-01-01", 0, 25), row("2026-01-01", 1, 10), row("2026-01-02", 1, 30), row("2026-01-03", 0, 40));
        List<List<Object>> before = table();
        build();
        assertThat(table()).isEqualTo(before);
    }

    @Test
    void deleteInsertReplacesRowsByCompositeKey() throws Exception {
        project("""
                <@config materialized='incremental' incremental_strategy='delete+insert' unique_key='day, id'/>
                select id, day, amount, updated_at from ${ref('events')}
                <#if is_incremental()>where updated_at > (select max(updated_at) from ${this})</#if>
                """);
        build();
        events(EVENTS_V2);
        NodeResult second = build();
        assertThat(second.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(second.message()).isEqualTo("INSERT 2");
        assertThat(rows("select id, amount from main.events_inc order by all"))
                .containsExactly(row(1, 10), row(2, 25), row(3, 30), row(4, 40));
        List<List<Object>> before = table();
        assertThat(build().message()).isEqualTo("INSERT 0");
        assertThat(table()).isEqualTo(before);
        assertNoTemporaryTables();
    }

    @Test
    void insertOverwriteReplacesThePartitionsOfTheNewRows() throws Exception {
        project("""
                <@config materialized='incremental' incremental_strategy='insert_overwrite' partitioned_by=['day']/>
                select day, id, amount from ${ref('events')}
                <#if is_incremental()>where day >= (select max(day) from ${this})</#if>
                """);
        build();
        // day 2026-01-02 now has two rows instead of one; 2026-01-03 is new; 2026-01-01 changed but is not selected
        events("""
                id,day,amount,updated_at
                1,2026-01-01,11,2026-01-04 08:00:00
                3,2026-01-02,31,2026-01-04 08:00:00
                5,2026-01-02,50,2026-01-04 08:00:00
                6,2026-01-03,60,2026-01-04 08:00:00
                """);
        NodeResult second = build();
        assertThat(second.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(second.message()).isEqualTo("INSERT 3");
        assertThat(rows("select cast(day as varchar), id, amount from main.events_inc order by all")).containsExactly(
                row("2026-01-01", 1, 10), row("2026-01-01", 2, 20), row("2026-01-02", 3, 31), row("2026-01-02", 5, 50),
                row("2026-01-03", 6, 60));
        List<List<Object>> before = table();
        assertThat(build().message()).isEqualTo("INSERT 1");
        assertThat(table()).isEqualTo(before);
        assertNoTemporaryTables();
    }

    @Test
    void insertOverwriteTreatsNullAsAPartition() throws Exception {
        project("""
                <@config materialized='incremental' incremental_strategy='insert_overwrite' partitioned_by='bucket'/>
                select case when id > 2 then 'high' end as bucket, id, amount from ${ref('events')}
                """);
        build();
        events(EVENTS_V2);
        build();
        assertThat(rows("select bucket, id, amount from main.events_inc order by all")).containsExactly(
                row("high", 3, 30), row("high", 4, 40), row(null, 1, 10), row(null, 2, 25));
    }

    @Test
    void fullRefreshRebuildsTheTable() throws Exception {
        project("<@config materialized='incremental'/>\n" + NEWER_ONLY);
        build();
        events(EVENTS_V2);
        build();
        assertThat(table()).hasSize(5); // the changed row 2 was appended
        NodeResult refreshed = run(Command.RUN, RunOptions.DEFAULTS.withFullRefresh(true));
        assertThat(refreshed.message()).isEqualTo("CREATE TABLE");
        assertThat(refreshed.rowsAffected()).isEqualTo(4);
        assertThat(rows("select id, amount from main.events_inc order by all"))
                .containsExactly(row(1, 10), row(2, 25), row(3, 30), row(4, 40));
    }

    @Test
    void fullRefreshConfigOverridesTheOption() throws Exception {
        project("<@config materialized='incremental' full_refresh=true/>\n" + NEWER_ONLY);
        build();
        events(EVENTS_V2);
        assertThat(build().message()).isEqualTo("CREATE TABLE");
        assertThat(table()).hasSize(4);

        model("<@config materialized='incremental' full_refresh=false/>\n" + NEWER_ONLY);
        events(EVENTS_V1 + "5,2026-01-05,50,2026-01-05 08:00:00\n");
        NodeResult r = run(Command.RUN, RunOptions.DEFAULTS.withFullRefresh(true));
        assertThat(r.message()).isEqualTo("INSERT 0"); // the seed was not reloaded: nothing newer
        assertThat(table()).hasSize(4);
    }

    @Test
    void onSchemaChangeIgnoreWritesTheSharedColumnsOnly() throws Exception {
        project("<@config materialized='incremental' unique_key='id'/>\n" + NEWER_ONLY);
        build();
        events(EVENTS_V2);
        model("""
                <@config materialized='incremental' unique_key='id'/>
                select id, day, updated_at, 'x' as extra from ${ref('events')}
                where updated_at > (select max(updated_at) from ${this})
                """);
        assertThat(build().message()).isEqualTo("MERGE 2");
        assertThat(columns()).extracting(c -> c.get(0)).containsExactly("id", "day", "amount", "updated_at");
        // row 2 keeps its amount (not written), row 4 has none
        assertThat(rows("select id, amount from main.events_inc order by id"))
                .containsExactly(row(1, 10), row(2, 20), row(3, 30), row(4, null));
    }

    @Test
    void onSchemaChangeFailLeavesTheTableAsItWas() throws Exception {
        project("<@config materialized='incremental' unique_key='id' on_schema_change='fail'/>\n" + NEWER_ONLY);
        build();
        List<List<Object>> before = table();
        events(EVENTS_V2);
        model("""
                <@config materialized='incremental' unique_key='id' on_schema_change='fail'/>
                select id, day, cast(amount as double) as amount, updated_at, 'x' as extra from ${ref('events')}
                """);
        NodeResult r = build();
        assertThat(r.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(r.message()).contains("models/events_inc.sql: model events_inc", "on_schema_change is 'fail'",
                "added: extra (VARCHAR)", "type changed: amount BIGINT → DOUBLE");
        assertThat(table()).isEqualTo(before);
        assertNoTemporaryTables();

        model("<@config materialized='incremental' unique_key='id' on_schema_change='fail'/>\n" + NEWER_ONLY);
        assertThat(build().message()).isEqualTo("MERGE 2"); // same columns: fine
    }

    @Test
    void onSchemaChangeAppendNewColumnsAddsThemAndKeepsRemovedOnes() throws Exception {
        project("<@config materialized='incremental' unique_key='id' on_schema_change='append_new_columns'/>\n" + NEWER_ONLY);
        build();
        events(EVENTS_V2);
        model("""
                <@config materialized='incremental' unique_key='id' on_schema_change='append_new_columns'/>
                select id, day, updated_at, id * 100 as score from ${ref('events')}
                where updated_at > (select max(updated_at) from ${this})
                """);
        assertThat(build().message()).isEqualTo("MERGE 2");
        assertThat(columns()).extracting(c -> c.get(0)).containsExactly("id", "day", "amount", "updated_at", "score");
        assertThat(rows("select id, amount, score from main.events_inc order by id"))
                .containsExactly(row(1, 10, null), row(2, 20, 200), row(3, 30, null), row(4, null, 400));
        List<List<Object>> before = table();
        build();
        assertThat(table()).isEqualTo(before);
    }

    @Test
    void onSchemaChangeSyncAllColumnsAddsDropsAndRetypes() throws Exception {
        project("<@config materialized='incremental' unique_key='id' on_schema_change='sync_all_columns'/>\n" + NEWER_ONLY);
        build();
        events(EVENTS_V2);
        model("""
                <@config materialized='incremental' unique_key='id' on_schema_change='sync_all_columns'/>
                select id, cast(amount as double) as amount, updated_at, 'v2' as version from ${ref('events')}
                where updated_at > (select max(updated_at) from ${this})
                """);
        assertThat(build().message()).isEqualTo("MERGE 2");
        assertThat(columns()).containsExactly(row("id", "BIGINT"), row("amount", "DOUBLE"), row("updated_at", "TIMESTAMP"),
                row("version", "VARCHAR"));
        assertThat(rows("select id, amount, version from main.events_inc order by id"))
                .containsExactly(row(1, 10.0, null), row(2, 25.0, "v2"), row(3, 30.0, null), row(4, 40.0, "v2"));
    }

    @Test
    void aFailureInsideTheTransactionLeavesTheTableAsItWas() throws Exception {
        project("""
                <@config materialized='incremental' unique_key='id' on_schema_change='sync_all_columns'/>
                select id, 'code-' || id as code, updated_at from ${ref('events')}
                """);
        build();
        List<List<Object>> before = table();
        List<List<Object>> columnsBefore = columns();
        // adding 'extra' works, then retyping 'code' to integer fails on the existing 'code-1'
        model("""
                <@config materialized='incremental' unique_key='id' on_schema_change='sync_all_columns'/>
                select id, id as code, updated_at, 1 as extra from ${ref('events')}
                """);
        NodeResult r = build();
        assertThat(r.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(r.message()).containsIgnoringCase("conver");
        assertThat(columns()).isEqualTo(columnsBefore);
        assertThat(table()).isEqualTo(before);
        assertNoTemporaryTables();
    }

    @Test
    void aFailingModelQueryLeavesTheTableAsItWas() throws Exception {
        project("<@config materialized='incremental' unique_key='id'/>\n" + NEWER_ONLY);
        build();
        List<List<Object>> before = table();
        events(EVENTS_V2);
        model("""
                <@config materialized='incremental' unique_key='id'/>
                select id, day, amount, updated_at from ${ref('events')}
                <#if is_incremental()>where cast('not a number' as integer) > 0</#if>
                """);
        NodeResult r = build();
        assertThat(r.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(table()).isEqualTo(before);
        assertNoTemporaryTables();
    }

    @Test
    void unknownStrategyIsReportedWithTheChoices() {
        project("<@config materialized='incremental' incremental_strategy='upsert'/>\n" + NEWER_ONLY);
        dev.kiln.Diagnostic d = projectError();
        assertThat(d.position().toString()).isEqualTo("models/events_inc.sql:1:1");
        assertThat(d.message()).isEqualTo("models/events_inc.sql: model events_inc: incremental_strategy 'upsert' is unknown;"
                + " use append, merge, delete+insert or insert_overwrite.");
    }

    @Test
    void missingRequiredKeysAreReported() throws Exception {
        project("<@config materialized='incremental' incremental_strategy='merge'/>\n" + NEWER_ONLY);
        assertThat(projectError().message()).contains("incremental_strategy 'merge' needs a unique_key");
        model("<@config materialized='incremental' incremental_strategy='delete+insert'/>\n" + NEWER_ONLY);
        assertThat(projectError().message()).contains("incremental_strategy 'delete+insert' needs a unique_key");
        model("<@config materialized='incremental' incremental_strategy='insert_overwrite'/>\n" + NEWER_ONLY);
        assertThat(projectError().message()).contains("incremental_strategy 'insert_overwrite' needs partitioned_by");
        model("<@config materialized='incremental' on_schema_change='drop'/>\n" + NEWER_ONLY);
        assertThat(projectError().message()).contains("on_schema_change 'drop' is unknown");
        model("<@config materialized='incremental'/>\n" + NEWER_ONLY);
        assertThat(build().status()).isEqualTo(NodeStatus.SUCCESS);
        model("<@config materialized='incremental' unique_key='user_id'/>\n" + NEWER_ONLY);
        assertThat(build().message()).contains("unique_key column 'user_id' is not a column written to the table",
                "id, day, amount, updated_at");
        assertNoTemporaryTables();
    }

    @Test
    void incrementalPredicatesLimitTheRowsMatchedInTheTable() throws Exception {
        project("""
                <@config materialized='incremental' incremental_strategy='delete+insert' unique_key='id'
                    incremental_predicates=["kiln_dest.day >= date '2026-01-02'"]/>
                select id, day, amount, updated_at from ${ref('events')}
                """);
        build();
        events(EVENTS_V2);
        build();
        // row 2 (day 2026-01-01) is outside the predicate: its old version stays, the new one is added
        assertThat(rows("select id, amount from main.events_inc order by all"))
                .containsExactly(row(1, 10), row(1, 10), row(2, 20), row(2, 25), row(3, 30), row(4, 40));
    }

    @Test
    void aViewIsReplacedByTheIncrementalTable() throws Exception {
        project("select id, day, amount, updated_at from ${ref('events')}\n");
        build();
        assertThat(rows("select table_type from information_schema.tables where table_name = 'events_inc'"))
                .containsExactly(row("VIEW"));
        model("<@config materialized='incremental' unique_key='id'/>\nselect id, day, amount, updated_at from ${ref('events')}\n");
        NodeResult r = build();
        assertThat(r.message()).isEqualTo("CREATE TABLE");
        assertThat(r.rowsAffected()).isEqualTo(3);
        assertThat(rows("select table_type from information_schema.tables where table_name = 'events_inc'"))
                .containsExactly(row("BASE TABLE"));
    }
}
