package dev.kiln.duckdb;

import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
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
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots (SCD type 2) on a real DuckDB file, over several runs with the source changing between them. */
class SnapshotTest {

    private static final String USERS_V1 = """
            id,plan,status,updated_at
            1,free,active,2026-01-01 00:00:00
            2,premium,active,2026-01-01 00:00:00
            3,free,active,2026-01-01 00:00:00
            """;

    @TempDir
    Path dir;

    private TempProject project(String config) {
        return TempProject.create(dir, "snap", "duckdb")
                .file("seeds/users.csv", USERS_V1)
                .file("snapshots/users.yml", """
                        snapshots:
                          - name: users_history
                            relation: ref('users')
                            config:
                              schema: snapshots
                        """ + config.indent(6))
                .file("models/current_users.sql", """
                        <@config materialized='table'/>
                        select id, plan from ${ref('users_history')} where kiln_valid_to is null
                        """);
    }

    private void users(String csv) {
        new TempProject(dir).file("seeds/users.csv", csv);
    }

    /** {@code kiln build}: the seed, then the snapshot, then the model that reads it. */
    private NodeResult build() {
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.build(Selection.ALL);
            NodeResult snapshot = result(r, "users_history");
            if (snapshot.status() == NodeStatus.SUCCESS) {
                assertThat(result(r, "current_users").status()).isEqualTo(NodeStatus.SUCCESS);
            }
            return snapshot;
        }
    }

    private static NodeResult result(RunResults r, String name) {
        return r.results().stream().filter(n -> n.uniqueId().endsWith("." + name)).findFirst().orElseThrow();
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

    private List<List<Object>> history() throws Exception {
        return rows("select id, plan, cast(kiln_valid_from as varchar), cast(kiln_valid_to as varchar)"
                + " from snapshots.users_history order by id, kiln_valid_from");
    }

    private List<List<Object>> everything() throws Exception {
        return rows("select * from snapshots.users_history order by all");
    }

    private static List<Object> row(Object... values) {
        return Arrays.stream(values).map(v -> v == null ? null : (Object) v.toString()).toList();
    }

    @Test
    void timestampStrategyRecordsAVersionWheneverUpdatedAtGrows() throws Exception {
        project("unique_key: id\nstrategy: timestamp\nupdated_at: updated_at\n");
        NodeResult first = build();
        assertThat(first.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(first.message()).isEqualTo("SNAPSHOT 3 new, 0 changed, 0 deleted");
        assertThat(rows("select column_name from information_schema.columns where table_name = 'users_history'"
                + " order by ordinal_position")).extracting(r -> r.get(0)).containsExactly("id", "plan", "status",
                "updated_at", "kiln_scd_id", "kiln_updated_at", "kiln_valid_from", "kiln_valid_to");
        assertThat(history()).containsExactly(row(1, "free", "2026-01-01 00:00:00", null),
                row(2, "premium", "2026-01-01 00:00:00", null), row(3, "free", "2026-01-01 00:00:00", null));

        // 2 changed; 3 changed without a newer updated_at (not a change for this strategy); 4 is new
        users("""
                id,plan,status,updated_at
                1,free,active,2026-01-01 00:00:00
                2,enterprise,active,2026-02-01 00:00:00
                3,premium,active,2026-01-01 00:00:00
                4,free,active,2026-02-02 00:00:00
                """);
        NodeResult second = build();
        assertThat(second.message()).isEqualTo("SNAPSHOT 1 new, 1 changed, 0 deleted");
        assertThat(second.rowsAffected()).isEqualTo(2);
        assertThat(history()).containsExactly(row(1, "free", "2026-01-01 00:00:00", null),
                row(2, "premium", "2026-01-01 00:00:00", "2026-02-01 00:00:00"),
                row(2, "enterprise", "2026-02-01 00:00:00", null),
                row(3, "free", "2026-01-01 00:00:00", null),
                row(4, "free", "2026-02-02 00:00:00", null));
        assertThat(rows("select count(distinct kiln_scd_id), count(*) from snapshots.users_history")).containsExactly(row(5, 5));
        assertThat(rows("select cast(kiln_updated_at as varchar) from snapshots.users_history where id = 2 order by 1"))
                .containsExactly(row("2026-01-01 00:00:00"), row("2026-02-01 00:00:00"));
        assertThat(rows("select id, plan from main.current_users order by id"))
                .containsExactly(row(1, "free"), row(2, "enterprise"), row(3, "free"), row(4, "free"));

        List<List<Object>> before = everything();
        NodeResult third = build();
        assertThat(third.message()).isEqualTo("SNAPSHOT 0 new, 0 changed, 0 deleted");
        assertThat(everything()).isEqualTo(before);

        users("""
                id,plan,status,updated_at
                1,free,active,2026-01-01 00:00:00
                2,free,churned,2026-03-01 00:00:00
                3,premium,active,2026-01-01 00:00:00
                4,free,active,2026-02-02 00:00:00
                """);
        assertThat(build().message()).isEqualTo("SNAPSHOT 0 new, 1 changed, 0 deleted");
        assertThat(rows("select plan, cast(kiln_valid_from as varchar), cast(kiln_valid_to as varchar)"
                + " from snapshots.users_history where id = 2 order by kiln_valid_from")).containsExactly(
                row("premium", "2026-01-01 00:00:00", "2026-02-01 00:00:00"),
                row("enterprise", "2026-02-01 00:00:00", "2026-03-01 00:00:00"),
                row("free", "2026-03-01 00:00:00", null));
        assertThat(rows("select count(*) from information_schema.tables where contains(table_name, 'kiln_tmp')"))
                .containsExactly(row(0));
    }

    @Test
    void checkStrategyComparesTheCheckColumnsNullSafely() throws Exception {
        project("unique_key: id\nstrategy: check\ncheck_cols: [plan]\n");
        build();
        String firstRun = (String) rows("select cast(max(kiln_valid_from) as varchar) from snapshots.users_history").get(0).get(0);
        // 1 changes a column that is not checked; 2 changes plan; 3 loses its plan
        users("""
                id,plan,status,updated_at
                1,free,churned,2026-01-05 00:00:00
                2,enterprise,active,2026-01-01 00:00:00
                3,,active,2026-01-01 00:00:00
                """);
        NodeResult second = build();
        assertThat(second.message()).isEqualTo("SNAPSHOT 0 new, 2 changed, 0 deleted");
        List<List<Object>> h = history();
        assertThat(h).extracting(r -> r.subList(0, 2)).containsExactly(row(1, "free"), row(2, "premium"),
                row(2, "enterprise"), row(3, "free"), row(3, null));
        String secondRun = (String) h.get(2).get(2);
        assertThat(secondRun).isGreaterThan(firstRun);
        assertThat(h.get(1)).containsExactly("2", "premium", firstRun, secondRun);
        assertThat(h.get(2)).containsExactly("2", "enterprise", secondRun, null);
        assertThat(h.get(4)).containsExactly("3", null, secondRun, null);
        assertThat(rows("select status from snapshots.users_history where id = 1")).containsExactly(row("active"));
        assertThat(rows("select cast(kiln_updated_at as varchar) from snapshots.users_history where id = 2 and kiln_valid_to is null"))
                .containsExactly(row(secondRun));

        List<List<Object>> before = everything();
        assertThat(build().message()).isEqualTo("SNAPSHOT 0 new, 0 changed, 0 deleted");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void checkColsAllComparesEveryColumn() throws Exception {
        project("unique_key: id\nstrategy: check\ncheck_cols: all\n");
        build();
        users("""
                id,plan,status,updated_at
                1,free,churned,2026-01-01 00:00:00
                2,premium,active,2026-01-01 00:00:00
                3,free,active,2026-01-09 00:00:00
                """);
        assertThat(build().message()).isEqualTo("SNAPSHOT 0 new, 2 changed, 0 deleted");
        assertThat(rows("select id, status, cast(updated_at as varchar) from snapshots.users_history where kiln_valid_to is null order by id"))
                .containsExactly(row(1, "churned", "2026-01-01 00:00:00"), row(2, "active", "2026-01-01 00:00:00"),
                        row(3, "active", "2026-01-09 00:00:00"));
        assertThat(rows("select count(*) from snapshots.users_history")).containsExactly(row(5));
        List<List<Object>> before = everything();
        build();
        assertThat(everything()).isEqualTo(before);
    }

    private static final String WITHOUT_3 = """
            id,plan,status,updated_at
            1,free,active,2026-01-01 00:00:00
            2,premium,active,2026-01-01 00:00:00
            """;

    @Test
    void hardDeletesAreIgnoredByDefault() throws Exception {
        project("unique_key: id\nstrategy: timestamp\nupdated_at: updated_at\n");
        build();
        users(WITHOUT_3);
        assertThat(build().message()).isEqualTo("SNAPSHOT 0 new, 0 changed, 0 deleted");
        assertThat(rows("select count(*) from snapshots.users_history where kiln_valid_to is null")).containsExactly(row(3));
    }

    @Test
    void hardDeletesInvalidateClosesTheVersionOfADeletedRow() throws Exception {
        project("unique_key: id\nstrategy: timestamp\nupdated_at: updated_at\nhard_deletes: invalidate\n");
        build();
        users(WITHOUT_3);
        NodeResult second = build();
        assertThat(second.message()).isEqualTo("SNAPSHOT 0 new, 0 changed, 1 deleted");
        assertThat(rows("select id from snapshots.users_history where kiln_valid_to is null order by id"))
                .containsExactly(row(1), row(2));
        assertThat(rows("select count(*) from snapshots.users_history where id = 3 and kiln_valid_to > kiln_valid_from"))
                .containsExactly(row(1));
        assertThat(rows("select column_name from information_schema.columns where column_name = 'kiln_is_deleted'")).isEmpty();

        List<List<Object>> before = everything();
        assertThat(build().message()).isEqualTo("SNAPSHOT 0 new, 0 changed, 0 deleted");
        assertThat(everything()).isEqualTo(before);

        users(USERS_V1.replace("3,free,active,2026-01-01", "3,premium,active,2026-04-01"));
        assertThat(build().message()).isEqualTo("SNAPSHOT 1 new, 0 changed, 0 deleted");
        assertThat(rows("select plan, kiln_valid_to is null from snapshots.users_history where id = 3 order by kiln_valid_from"))
                .containsExactly(row("free", false), row("premium", true));
    }

    @Test
    void hardDeletesNewRecordAddsADeletionRecord() throws Exception {
        project("unique_key: id\nstrategy: timestamp\nupdated_at: updated_at\nhard_deletes: new_record\n");
        build();
        assertThat(rows("select distinct kiln_is_deleted from snapshots.users_history")).containsExactly(row(false));
        users(WITHOUT_3);
        assertThat(build().message()).isEqualTo("SNAPSHOT 0 new, 0 changed, 1 deleted");
        List<List<Object>> three = rows("select plan, kiln_is_deleted, cast(kiln_valid_from as varchar),"
                + " cast(kiln_valid_to as varchar) from snapshots.users_history where id = 3 order by kiln_valid_from");
        assertThat(three).hasSize(2);
        String deletedAt = (String) three.get(0).get(3);
        assertThat(three.get(0)).containsExactly("free", "false", "2026-01-01 00:00:00", deletedAt);
        assertThat(three.get(1)).containsExactly("free", "true", deletedAt, null);
        assertThat(rows("select id from main.current_users order by id")).containsExactly(row(1), row(2), row(3));

        List<List<Object>> before = everything();
        assertThat(build().message()).isEqualTo("SNAPSHOT 0 new, 0 changed, 0 deleted");
        assertThat(everything()).isEqualTo(before);

        // the row comes back unchanged: the deletion record closes, a new version starts when it is seen again
        users(USERS_V1);
        assertThat(build().message()).isEqualTo("SNAPSHOT 0 new, 1 changed, 0 deleted");
        three = rows("select kiln_is_deleted, cast(kiln_valid_from as varchar), cast(kiln_valid_to as varchar)"
                + " from snapshots.users_history where id = 3 order by kiln_valid_from");
        assertThat(three).hasSize(3);
        assertThat(three.get(1).get(0)).isEqualTo("true");
        assertThat(three.get(1).get(2)).isNotNull();
        assertThat(three.get(2)).containsExactly("false", three.get(1).get(2), null);
        assertThat((String) three.get(2).get(1)).isGreaterThan(deletedAt);
        assertThat(rows("select count(distinct kiln_scd_id), count(*) from snapshots.users_history")).containsExactly(row(5, 5));
    }

    @Test
    void newRecordOnASnapshotCreatedWithoutItAddsTheDeletedFlag() throws Exception {
        project("unique_key: id\nstrategy: check\ncheck_cols: all\n");
        build();
        project("unique_key: id\nstrategy: check\ncheck_cols: all\nhard_deletes: new_record\n");
        users(WITHOUT_3);
        assertThat(build().message()).isEqualTo("SNAPSHOT 0 new, 0 changed, 1 deleted");
        assertThat(rows("select id, kiln_is_deleted from snapshots.users_history order by id, kiln_valid_from"))
                .containsExactly(row(1, false), row(2, false), row(3, false), row(3, true));
    }

    @Test
    void compositeUniqueKey() throws Exception {
        project("unique_key: [org, id]\nstrategy: check\ncheck_cols: [plan]\n");
        users("""
                org,id,plan
                a,1,free
                b,1,free
                """);
        assertThat(build().message()).isEqualTo("SNAPSHOT 2 new, 0 changed, 0 deleted");
        users("""
                org,id,plan
                a,1,free
                b,1,premium
                b,2,free
                """);
        assertThat(build().message()).isEqualTo("SNAPSHOT 1 new, 1 changed, 0 deleted");
        assertThat(rows("select org, id, plan, kiln_valid_to is null from snapshots.users_history order by org, id, kiln_valid_from"))
                .containsExactly(row("a", 1, "free", true), row("b", 1, "free", false), row("b", 1, "premium", true),
                        row("b", 2, "free", true));
    }

    @Test
    void aNewSourceColumnIsAddedToTheSnapshot() throws Exception {
        project("unique_key: id\nstrategy: timestamp\nupdated_at: updated_at\n");
        build();
        users("""
                id,plan,status,updated_at,country
                1,free,active,2026-01-01 00:00:00,PT
                2,premium,active,2026-02-01 00:00:00,DE
                3,free,active,2026-01-01 00:00:00,FR
                """);
        assertThat(build().message()).isEqualTo("SNAPSHOT 0 new, 1 changed, 0 deleted");
        assertThat(rows("select id, country from snapshots.users_history where kiln_valid_to is null order by id"))
                .containsExactly(row(1, null), row(2, "DE"), row(3, null));
    }

    @Test
    void duplicateKeysFailAndLeaveTheSnapshotAsItWas() throws Exception {
        project("unique_key: id\nstrategy: timestamp\nupdated_at: updated_at\n");
        users(USERS_V1 + "3,premium,active,2026-01-02 00:00:00\n");
        NodeResult first = build();
        assertThat(first.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(first.message()).contains("snapshot users_history: unique_key [id] is not unique in the source, e.g. [3]");
        assertThat(rows("select count(*) from information_schema.tables where table_schema = 'snapshots'")).containsExactly(row(0));

        users(USERS_V1);
        build();
        List<List<Object>> before = everything();
        users(USERS_V1 + "2,premium,active,2026-01-02 00:00:00\n2,free,active,2026-01-03 00:00:00\n");
        NodeResult third = build();
        assertThat(third.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(third.message()).contains("is not unique", "[2]", "left unchanged");
        assertThat(everything()).isEqualTo(before);
        assertThat(rows("select count(*) from information_schema.tables where contains(table_name, 'kiln_tmp')"))
                .containsExactly(row(0));
    }

    @Test
    void aMissingColumnIsNamed() {
        project("unique_key: id\nstrategy: timestamp\nupdated_at: changed_at\n");
        NodeResult r = build();
        assertThat(r.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(r.message()).isEqualTo("snapshots/users.yml: snapshot users_history: column 'changed_at' is not a column"
                + " of the source (its columns: id, plan, status, updated_at).");
    }

    @Test
    void snapshotCommandRunsOnlySnapshots() throws Exception {
        project("unique_key: id\nstrategy: check\ncheck_cols: all\n");
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            kiln.seed(Selection.ALL);
            RunResults r = kiln.snapshot(Selection.ALL);
            assertThat(r.results()).singleElement().satisfies(n -> {
                assertThat(n.uniqueId()).isEqualTo("snapshot.snap.users_history");
                assertThat(n.message()).isEqualTo("SNAPSHOT 3 new, 0 changed, 0 deleted");
            });
        }
        assertThat(rows("select count(*) from snapshots.users_history")).containsExactly(row(3));
    }

    @Test
    void snapshotMetaColumnNamesRenameTheColumnsItAdds() throws Exception {
        project("""
                unique_key: id
                strategy: timestamp
                updated_at: updated_at
                hard_deletes: new_record
                snapshot_meta_column_names:
                  dbt_valid_from: valid_from
                  dbt_valid_to: valid_to
                  dbt_scd_id: version_id
                  dbt_updated_at: recorded_at
                  dbt_is_deleted: is_deleted
                """);
        // the model that reads the snapshot filters on the renamed column
        new TempProject(dir).file("models/current_users.sql", """
                <@config materialized='table'/>
                select id, plan from ${ref('users_history')} where valid_to is null and not is_deleted
                """);
        assertThat(build().status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(rows("select column_name from information_schema.columns where table_name = 'users_history'"
                + " order by ordinal_position")).extracting(r -> r.get(0)).containsExactly("id", "plan", "status",
                "updated_at", "version_id", "recorded_at", "valid_from", "valid_to", "is_deleted");

        users("""
                id,plan,status,updated_at
                1,free,active,2026-01-01 00:00:00
                2,enterprise,active,2026-02-01 00:00:00
                """);
        NodeResult second = build();
        assertThat(second.status()).as(second.message()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(second.message()).isEqualTo("SNAPSHOT 0 new, 1 changed, 1 deleted");
        assertThat(rows("select id, plan, cast(valid_to as varchar), is_deleted from snapshots.users_history"
                + " order by id, valid_from")).containsExactly(
                row(1, "free", null, false),
                row(2, "premium", "2026-02-01 00:00:00", false), row(2, "enterprise", null, false),
                row(3, "free", rows("select cast(valid_from as varchar) from snapshots.users_history where id = 3 and is_deleted")
                        .get(0).get(0), false),
                row(3, "free", null, true));
        assertThat(rows("select count(distinct version_id), count(*) from snapshots.users_history")).containsExactly(row(5, 5));
        assertThat(rows("select id, plan from main.current_users order by id")).containsExactly(row(1, "free"), row(2, "enterprise"));

        // lineage and the manifest know the renamed columns
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            assertThat(kiln.analysis().model("snapshot.snap.users_history").orElseThrow().columnNames())
                    .containsSubsequence("version_id", "recorded_at", "valid_from", "valid_to");
            // show previews the snapshot's table, not the query it records
            dev.kiln.QueryRows shown = kiln.show(Selection.parse("users_history"), 10);
            assertThat(shown.columns()).contains("valid_to", "is_deleted");
            assertThat(shown.rows()).hasSize(5);
        }
    }

    @Test
    void aBadSnapshotMetaColumnNamesKeyIsNamed() {
        project("unique_key: id\nstrategy: check\ncheck_cols: all\nsnapshot_meta_column_names: {dbt_valid_until: x}\n");
        NodeResult r = build();
        assertThat(r.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(r.message()).contains("snapshots/users.yml: snapshot users_history", "unknown key 'dbt_valid_until'",
                "dbt_valid_to");
    }

    @Test
    void showOfASnapshotNotBuiltYetPreviewsWhatItWouldRecord() {
        project("unique_key: id\nstrategy: check\ncheck_cols: all\n");
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            kiln.seed(Selection.ALL);
            assertThat(kiln.show(Selection.parse("users_history"), 10).columns()).containsExactly("id", "plan", "status",
                    "updated_at");
        }
    }
}
