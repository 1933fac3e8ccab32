package dev.datavision.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datavision.BuiltTables;
import dev.datavision.ProjectCopy;
import dev.datavision.raw.GenerationListener;
import dev.datavision.raw.GeneratorConfig;
import dev.datavision.raw.RawDataGenerator;
import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marts do not depend on the path the raw layer takes. DataVision is built twice from one small
 * simulated history: once reading the generator's Parquet export in place ({@code raw_layer:
 * export}, the path before loads), once from the operational systems, started two days before
 * as_of, loaded with {@code kiln load}, advanced a day at a time with an incremental load after
 * each, then built. Every staging, analytics and snapshot table must hold the same rows.
 */
class RawLayerParityTest {

    private static final String LOADS = "source:app+ source:marketing+ source:logs+";
    /** The schemas a build writes tables to. */
    private static final List<String> BUILT = List.of("staging", "analytics", "snapshots");

    @TempDir
    Path dir;

    @Test
    void loadingFromTheOperationalSystemsBuildsTheSameMartsAsTheExport() throws Exception {
        Path exportProject = ProjectCopy.definition(dir.resolve("export"));
        Path loadedProject = ProjectCopy.definition(dir.resolve("loaded"));
        new RawDataGenerator(GeneratorConfig.of(exportProject.resolve("data/raw")).withScale(300),
                new GenerationListener() { }).generate();
        ProjectCopy.copyTree(exportProject.resolve("data"), loadedProject.resolve("data"));

        List<String> exportTestFailures;
        try (Kiln kiln = Kiln.configure().projectDir(exportProject).vars(Map.of("raw_layer", "export"))
                .env(name -> null).load()) {
            exportTestFailures = failedTests(kiln.build(Selection.ALL.excluding(LOADS)), "export build");
        }

        LocalDate asOf = GeneratorConfig.DEFAULT_AS_OF;
        try (OperationalSystems systems = OperationalSystems.start(SystemsConfig.under(loadedProject.resolve("data"))
                .withPorts(0, 0).withClock(asOf.minusDays(2)), m -> { })) {
            Map<String, String> env = systems.environment();
            try (Kiln kiln = Kiln.configure().projectDir(loadedProject).env(env::get).load()) {
                Map<String, Long> first = loadedRows(kiln.load(Selection.ALL), "first load");
                assertThat(first).hasSize(10).allSatisfy((table, n) -> assertThat(n).as(table).isPositive());
                for (int day = 1; day <= 2; day++) {
                    systems.advance(1);
                    Map<String, Long> rows = loadedRows(kiln.load(Selection.ALL), "load after day " + day);
                    // each day brings new users, sessions (a new log file), events and changed rows
                    assertThat(rows).as("day " + day).hasSize(10);
                    for (String table : List.of("app.users", "app.subscriptions", "app.contents",
                            "app.content_interactions", "logs.sessions")) {
                        assertThat(rows.get(table)).as(table + " after day " + day).isPositive();
                    }
                    // incremental: a day of an 18-month history, not everything again
                    assertThat(rows.get("app.content_interactions")).isLessThan(first.get("app.content_interactions") / 20);
                    assertThat(rows.get("logs.sessions")).isLessThan(first.get("logs.sessions") / 20);
                    assertThat(rows.get("app.users")).isLessThan(first.get("app.users") / 5);
                }
                // at this small scale a few evaluation thresholds (AUC, lift) are missed: the same ones both ways
                assertThat(failedTests(kiln.build(Selection.ALL), "loaded build")).isEqualTo(exportTestFailures);
            }
        }

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("ATTACH '" + db(exportProject) + "' AS export (READ_ONLY)");
            s.execute("ATTACH '" + db(loadedProject) + "' AS loaded (READ_ONLY)");
            List<String> tables = BuiltTables.tables(s, "export", BUILT);
            assertThat(tables).as("tables built").hasSizeGreaterThan(25)
                    .anyMatch(t -> t.startsWith("staging.")).contains("analytics.rfm_segments", "analytics.kpi_daily");
            assertThat(BuiltTables.tables(s, "loaded", BUILT)).containsAll(tables);
            List<String> differences = new ArrayList<>();
            for (String table : tables) {
                String columns = BuiltTables.comparable(s, "export", table);
                String export = "SELECT " + columns + " FROM export." + table;
                String loaded = "SELECT " + columns + " FROM loaded." + table;
                long exportRows = count(s, "SELECT count(*) FROM export." + table);
                long onlyExport = count(s, "SELECT count(*) FROM (" + export + " EXCEPT ALL " + loaded + ")");
                long onlyLoaded = count(s, "SELECT count(*) FROM (" + loaded + " EXCEPT ALL " + export + ")");
                if (onlyExport != 0 || onlyLoaded != 0) {
                    differences.add(table + ": " + exportRows + " rows, " + onlyExport + " only in the export build "
                            + sample(s, export + " EXCEPT ALL " + loaded) + ", " + onlyLoaded
                            + " only in the loaded build " + sample(s, loaded + " EXCEPT ALL " + export));
                }
            }
            assertThat(differences).isEmpty();
            assertThat(count(s, "SELECT count(*) FROM loaded.analytics.dim_users")).isPositive();
        }
    }

    private static void assertPassed(RunResults results, String what) {
        List<String> failures = new ArrayList<>();
        for (NodeResult r : results.results()) {
            if (r.status().isFailure()) {
                failures.add(r.uniqueId() + ": " + r.message());
            }
        }
        assertThat(failures).as(what).isEmpty();
        assertThat(results.results()).as(what).isNotEmpty();
    }

    /** Every model, seed, snapshot and load succeeded; returns the tests that failed, sorted. */
    private static List<String> failedTests(RunResults results, String what) {
        List<String> failures = new ArrayList<>();
        List<String> tests = new ArrayList<>();
        for (NodeResult r : results.results()) {
            if (r.status().isFailure()) {
                (r.uniqueId().startsWith("test.") ? tests : failures).add(r.uniqueId() + ": " + r.message());
            }
        }
        assertThat(failures).as(what).isEmpty();
        assertThat(results.results()).as(what).hasSizeGreaterThan(100);
        assertThat(tests).as(what + ": failing tests").hasSizeLessThan(10);
        tests.sort(null);
        return tests;
    }

    /** Rows each load wrote, by source.table. */
    private static Map<String, Long> loadedRows(RunResults results, String what) {
        assertPassed(results, what);
        Map<String, Long> rows = new java.util.TreeMap<>();
        for (NodeResult r : results.results()) {
            String id = r.uniqueId();
            if (id.startsWith("source.")) {
                String[] parts = id.split("\\.");
                rows.put(parts[parts.length - 2] + "." + parts[parts.length - 1], r.rowsAffected());
            }
        }
        return rows;
    }

    /** The first rows of a query, for a failure message. */
    private static String sample(Statement s, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery(sql + " LIMIT 3")) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder("(");
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? ", " : "").append(r.getMetaData().getColumnLabel(i)).append('=').append(r.getString(i));
                }
                rows.add(row.append(')').toString());
            }
        }
        return rows.toString();
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
