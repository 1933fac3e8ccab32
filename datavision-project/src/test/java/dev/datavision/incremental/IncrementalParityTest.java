package dev.datavision.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datavision.BuiltTables;
import dev.datavision.ProjectCopy;
import dev.datavision.raw.GenerationListener;
import dev.datavision.raw.GeneratorConfig;
import dev.datavision.raw.RawDataGenerator;
import dev.kiln.Command;
import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.RunOptions;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental build of DataVision gives the same tables as a full refresh. From a full build of
 * a small history, new raw rows arrive as one more Parquet part per event table: new sessions and
 * interactions (copies of the newest rows under new ids) and re-deliveries of existing recent
 * sessions, now closed later (the merge must update those rows, not add them). Then the same
 * selection ({@code stg_sessions+ stg_content_interactions+}) is built incrementally in one copy
 * and with {@code --full-refresh} in another: every staging and analytics table must hold the same
 * rows, and the incremental models must have merged (not rebuilt) in the first. This is what the
 * look-back merge predicates ({@code lookback_predicates}) and the time-ordered tables must not
 * change.
 */
class IncrementalParityTest {

    private static final String LOADS = "source:app+ source:marketing+ source:logs+";
    private static final List<String> INCREMENTAL =
            List.of("stg_sessions", "stg_content_interactions", "fct_sessions", "fct_interactions");

    @TempDir
    Path dir;

    @Test
    void anIncrementalBuildAfterNewRawRowsEqualsAFullRefresh() throws Exception {
        Path incremental = ProjectCopy.definition(dir.resolve("incremental"));
        new RawDataGenerator(GeneratorConfig.of(incremental.resolve("data/raw")).withScale(300),
                new GenerationListener() { }).generate();
        try (Kiln kiln = open(incremental)) {
            assertNoFailure(kiln.build(Selection.ALL.excluding(LOADS)), "first build");
        }
        Map<String, Long> added = appendRawRows(incremental.resolve("data/raw"));
        assertThat(added.get("sessions")).isPositive();
        assertThat(added.get("content_interactions")).isPositive();

        // the same project, data and database elsewhere (not target/'s caches, which belong to the first copy)
        Path refreshed = ProjectCopy.definition(dir.resolve("refreshed"));
        ProjectCopy.copyTree(incremental.resolve("data"), refreshed.resolve("data"));
        Files.createDirectories(refreshed.resolve("target"));
        Files.copy(db(incremental), db(refreshed));
        Selection selection = Selection.parse("stg_sessions+", "stg_content_interactions+").excluding(LOADS);
        RunResults incrementalRun;
        try (Kiln kiln = open(incremental)) {
            incrementalRun = kiln.execute(Command.BUILD, selection, RunOptions.DEFAULTS);
        }
        assertNoFailure(incrementalRun, "incremental build");
        try (Kiln kiln = open(refreshed)) {
            assertNoFailure(kiln.execute(Command.BUILD, selection, RunOptions.DEFAULTS.withFullRefresh(true)), "full refresh");
        }
        for (String model : INCREMENTAL) {
            NodeResult r = incrementalRun.results().stream().filter(n -> n.uniqueId().equals("model.datavision." + model))
                    .findFirst().orElseThrow();
            assertThat(r.message()).as(model + " was merged, not rebuilt").startsWith("MERGE");
            assertThat(r.rowsAffected()).as(model + ": rows merged").isPositive();
        }

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + db(incremental) + "' AS incremental (READ_ONLY)");
            s.execute("ATTACH '" + db(refreshed) + "' AS refreshed (READ_ONLY)");
            List<String> tables = BuiltTables.tables(s, "incremental", List.of("staging", "analytics"));
            assertThat(tables).as("tables built").hasSizeGreaterThan(25)
                    .contains("staging.stg_sessions", "analytics.fct_interactions", "analytics.kpi_daily");
            List<String> differences = new ArrayList<>();
            for (String table : tables) {
                String columns = BuiltTables.comparable(s, "incremental", table);
                String a = "SELECT " + columns + " FROM incremental." + table;
                String b = "SELECT " + columns + " FROM refreshed." + table;
                long onlyIncremental = count(s, "SELECT count(*) FROM (" + a + " EXCEPT ALL " + b + ")");
                long onlyRefreshed = count(s, "SELECT count(*) FROM (" + b + " EXCEPT ALL " + a + ")");
                if (onlyIncremental != 0 || onlyRefreshed != 0) {
                    differences.add(table + ": " + onlyIncremental + " rows only in the incremental build, "
                            + onlyRefreshed + " only in the full refresh");
                }
            }
            assertThat(differences).isEmpty();
            // the re-delivered sessions were updated in place: one row per session, closed
            assertThat(count(s, "SELECT count(*) - count(DISTINCT session_id) FROM incremental.staging.stg_sessions"))
                    .isZero();
        }
    }

    private static Kiln open(Path project) {
        return Kiln.configure().projectDir(project).vars(Map.of("raw_layer", "export")).env(name -> null).load();
    }

    /**
     * One more Parquet part in {@code sessions} and {@code content_interactions}: the rows of the last two
     * days again under new ids (the id plus the table's largest), so they are new and inside the models'
     * 3-day look-back, and for sessions also the 20 newest sessions re-delivered, closed an hour after
     * their latest known end.
     */
    private static Map<String, Long> appendRawRows(Path raw) throws SQLException {
        Map<String, Long> added = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            String sessions = files(raw, "sessions");
            s.execute("COPY (SELECT * REPLACE (session_id + (SELECT max(session_id) FROM " + sessions + ") AS session_id) "
                    + "FROM " + sessions + " WHERE started_at >= (SELECT max(started_at) - INTERVAL 2 DAY FROM " + sessions
                    + ")) TO '" + raw.resolve("sessions/part-new-rows.parquet") + "' (FORMAT parquet)");
            s.execute("COPY (SELECT * REPLACE (coalesce(ended_at, started_at) + INTERVAL 1 HOUR AS ended_at) FROM " + sessions
                    + " ORDER BY started_at DESC, session_id LIMIT 20) TO '" + raw.resolve("sessions/part-redelivered.parquet")
                    + "' (FORMAT parquet)");
            String interactions = files(raw, "content_interactions");
            s.execute("COPY (SELECT * REPLACE (interaction_id + (SELECT max(interaction_id) FROM " + interactions
                    + ") AS interaction_id) FROM " + interactions + " WHERE occurred_at >= (SELECT max(occurred_at) - INTERVAL 2 DAY "
                    + "FROM " + interactions + ")) TO '"
                    + raw.resolve("content_interactions/part-new-rows.parquet") + "' (FORMAT parquet)");
            added.put("sessions", count(s, "SELECT count(*) FROM read_parquet('" + raw.resolve("sessions/part-new-rows.parquet") + "')"));
            added.put("content_interactions", count(s, "SELECT count(*) FROM read_parquet('"
                    + raw.resolve("content_interactions/part-new-rows.parquet") + "')"));
        }
        return added;
    }

    private static String files(Path raw, String table) {
        return "read_parquet('" + raw.resolve(table) + "/part-0*.parquet')";
    }

    private static void assertNoFailure(RunResults results, String what) {
        List<String> failures = new ArrayList<>();
        for (NodeResult r : results.results()) {
            if (r.status().isFailure() && !r.uniqueId().startsWith("test.")) {
                failures.add(r.uniqueId() + ": " + r.message());
            }
        }
        assertThat(failures).as(what).isEmpty();
        assertThat(results.results()).as(what).isNotEmpty();
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static Path db(Path project) {
        return project.resolve("target/datavision.duckdb");
    }
}
