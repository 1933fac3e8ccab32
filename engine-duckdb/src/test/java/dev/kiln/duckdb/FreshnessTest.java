package dev.kiln.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Diagnostic;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.internal.freshness.FreshnessChecker;
import dev.kiln.FreshnessReport;
import dev.kiln.FreshnessResult;
import dev.kiln.FreshnessStatus;
import dev.kiln.internal.freshness.SourcesJsonWriter;
import dev.kiln.internal.report.ManifestMetadata;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.Session;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Source freshness on a real DuckDB, over Parquet and CSV files written by the test. */
class FreshnessTest {

    /** The newest {@code events} row was loaded at this instant. */
    private static final Instant LOADED = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    private void project(String sourcesYml) throws Exception {
        TempProject.create(dir, "fresh", "duckdb")
                .file("kiln.yml", """
                        name: fresh
                        targets:
                          dev: {type: duckdb, path: target/fresh.duckdb, threads: 2}
                        """)
                .file("models/sources.yml", sourcesYml);
        Files.createDirectories(dir.resolve("data"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("copy (select * from (values (1, timestamp '2026-10-31 12:00:00'), (2, timestamp '2026-11-01 00:00:00'),"
                    + " (3, null)) v(event_id, loaded_at)) to '" + dir.resolve("data/events.parquet") + "' (format parquet)");
            st.execute("copy (select 1 as id, timestamp '2026-10-01 00:00:00' as loaded_at where false) to '"
                    + dir.resolve("data/empty.parquet") + "' (format parquet)");
            st.execute("copy (select * from (values ('eu', '2026-10-30 06:00:00'), ('us', '2026-10-31 18:00:00'))"
                    + " v(region, synced_at)) to '" + dir.resolve("data/regions.csv") + "' (header, delimiter ',')");
            st.execute("copy (select current_timestamp - interval 30 minute as loaded_at) to '"
                    + dir.resolve("data/live.parquet") + "' (format parquet)");
        }
    }

    private static final String SOURCES = """
            version: 2
            sources:
              - name: raw
                loaded_at_field: loaded_at
                freshness: {warn_after: {count: 12, period: hour}, error_after: {count: 2, period: day}}
                tables:
                  - name: events
                    external_location: data/events.parquet
                  - name: events_strict
                    external_location: data/events.parquet
                    freshness: {warn_after: {count: 30, period: minute}, error_after: {count: 6, period: hour}}
                  - name: events_unchecked
                    external_location: data/events.parquet
                    freshness: ~
                  - name: regions
                    external_location: data/regions.csv
                    loaded_at_field: "cast(synced_at as timestamp)"
                    freshness: {error_after: {count: 1, period: day}, filter: "region = 'eu'"}
                  - name: empty
                    external_location: data/empty.parquet
                  - name: missing_file
                    external_location: data/missing.parquet
              - name: crm
                tables:
                  - name: accounts
                    external_location: data/events.parquet
            """;

    /** Checks with {@code now} on one session. */
    private FreshnessReport check(Instant now) {
        try (Kiln kiln = Kiln.configure().projectDir(dir).load();
             Adapter adapter = new DuckDbProvider().open(new AdapterContext(kiln.target(), dir));
             Session session = adapter.openSession()) {
            return new FreshnessChecker(kiln.project(), kiln.dialect()).check(session, now, t -> true);
        }
    }

    private static Map<String, FreshnessResult> byTable(FreshnessReport r) {
        return r.results().stream().collect(Collectors.toMap(FreshnessResult::tableName, Function.identity()));
    }

    @Test
    void freshStaleAndVeryStaleTablesPassWarnAndError() throws Exception {
        project(SOURCES);
        Map<String, FreshnessResult> r = byTable(check(LOADED.plus(Duration.ofHours(1))));
        assertThat(r).containsOnlyKeys("events", "events_strict", "regions", "empty", "missing_file");
        assertThat(r.get("events").status()).isEqualTo(FreshnessStatus.PASS);
        assertThat(r.get("events").maxLoadedAt()).isEqualTo(LOADED);
        assertThat(r.get("events").age()).isEqualTo(Duration.ofHours(1));
        assertThat(r.get("events_strict").status()).isEqualTo(FreshnessStatus.WARN);

        r = byTable(check(LOADED.plus(Duration.ofHours(13))));
        assertThat(r.get("events").status()).isEqualTo(FreshnessStatus.WARN);
        assertThat(r.get("events_strict").status()).isEqualTo(FreshnessStatus.ERROR);

        r = byTable(check(LOADED.plus(Duration.ofDays(3))));
        assertThat(r.get("events").status()).isEqualTo(FreshnessStatus.ERROR);
        assertThat(r.get("events").message()).contains("raw.events: error").contains("3d ago");
    }

    @Test
    void aThresholdIsInclusiveAndTheFilterLimitsTheRowsOfACsvSource() throws Exception {
        project(SOURCES);
        FreshnessReport report = check(LOADED.plus(Duration.ofHours(12)));
        Map<String, FreshnessResult> r = byTable(report);
        assertThat(r.get("events").status()).isEqualTo(FreshnessStatus.PASS); // exactly 12 hours: not yet stale
        assertThat(r.get("regions").maxLoadedAt()).isEqualTo(Instant.parse("2026-10-30T06:00:00Z")); // eu only
        assertThat(r.get("regions").status()).isEqualTo(FreshnessStatus.ERROR);
        assertThat(r.get("empty").status()).isEqualTo(FreshnessStatus.ERROR);
        assertThat(r.get("empty").maxLoadedAt()).isNull();
        assertThat(r.get("missing_file").status()).isEqualTo(FreshnessStatus.RUNTIME_ERROR);
        assertThat(r.get("missing_file").error()).contains("missing.parquet");
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void withoutAnInjectedTimeTheWarehouseClockIsUsed() throws Exception {
        project("""
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: live
                        external_location: data/live.parquet
                        loaded_at_field: loaded_at
                        freshness: {warn_after: {count: 10, period: minute}, error_after: {count: 1, period: hour}}
                """);
        FreshnessReport report = check(null);
        FreshnessResult live = report.results().get(0);
        assertThat(live.status()).isEqualTo(FreshnessStatus.WARN);
        assertThat(live.age()).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(40));
        assertThat(Duration.between(live.snapshottedAt(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(5));
        assertThat(report.success()).isTrue();
    }

    @Test
    void parallelChecksGiveTheSameResultsInDeclarationOrder() throws Exception {
        project(SOURCES);
        Instant now = LOADED.plus(Duration.ofHours(13));
        try (Kiln kiln = Kiln.configure().projectDir(dir).load();
             Adapter adapter = new DuckDbProvider().open(new AdapterContext(kiln.target(), dir))) {
            FreshnessReport report = new FreshnessChecker(kiln.project(), kiln.dialect())
                    .check(adapter::openSession, 3, now, t -> !t.name().equals("missing_file"));
            assertThat(report.results()).extracting(FreshnessResult::tableName)
                    .containsExactly("events", "events_strict", "regions", "empty");
            assertThat(report.results()).extracting(FreshnessResult::status).containsExactly(FreshnessStatus.WARN,
                    FreshnessStatus.ERROR, FreshnessStatus.ERROR, FreshnessStatus.ERROR);
        }
    }

    @Test
    void invalidThresholdsAreReportedTogetherWithTheirPositionBeforeAnyQuery() throws Exception {
        project("""
                version: 2
                sources:
                  - name: raw
                    loaded_at_field: loaded_at
                    tables:
                      - name: events
                        external_location: data/events.parquet
                        freshness: {warn_after: {count: 1, period: fortnight}}
                      - name: events_too
                        external_location: data/events.parquet
                        freshness: {warn_after: {count: 3, period: day}, error_after: {count: 1, period: day}}
                """);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            FreshnessChecker checker = new FreshnessChecker(kiln.project(), kiln.dialect());
            assertThatThrownBy(() -> checker.plan(t -> true)).isInstanceOfSatisfying(KilnException.class, e -> {
                assertThat(e.diagnostics()).hasSize(2);
                Diagnostic first = e.diagnostics().get(0);
                assertThat(first.message()).contains("warn_after");
                assertThat(first.hint()).contains("minute, hour or day");
                assertThat(first.position().file().toString()).endsWith("sources.yml");
                assertThat(first.position().line()).isEqualTo(6);
                assertThat(e.diagnostics().get(1).message()).contains("longer than 'error_after'");
            });
        }
    }

    @Test
    void sourcesJsonHasDbtsShape() throws Exception {
        project(SOURCES);
        FreshnessReport report = check(LOADED.plus(Duration.ofHours(13)));
        Path file = new SourcesJsonWriter(dir.resolve("target")).write(report,
                new ManifestMetadata("0.1.0", "dev", "duckdb", Instant.parse("2026-11-01T13:00:00Z"), "abc"));
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.path("metadata").path("invocation_id").asText()).isEqualTo("abc");
        assertThat(json.path("elapsed_time").isNumber()).isTrue();
        JsonNode results = json.path("results");
        assertThat(results).hasSize(5);
        JsonNode events = results.get(0);
        assertThat(events.path("unique_id").asText()).isEqualTo("source.fresh.raw.events");
        assertThat(events.path("status").asText()).isEqualTo("warn");
        assertThat(events.path("max_loaded_at").asText()).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(events.path("snapshotted_at").asText()).isEqualTo("2026-11-01T13:00:00Z");
        assertThat(events.path("max_loaded_at_time_ago_in_s").asDouble()).isEqualTo(13 * 3600.0);
        assertThat(events.path("criteria").path("warn_after").path("count").asInt()).isEqualTo(12);
        assertThat(events.path("criteria").path("error_after").path("period").asText()).isEqualTo("day");
        assertThat(events.path("criteria").path("filter").isNull()).isTrue();
        assertThat(events.path("timing").get(0).path("name").asText()).isEqualTo("execute");
        JsonNode broken = results.get(4);
        assertThat(broken.path("status").asText()).isEqualTo("runtime error");
        assertThat(broken.path("error").asText()).contains("missing.parquet");
        assertThat(broken.has("max_loaded_at")).isFalse();
        // an empty source has no newest load time, which dbt's schema records only as a runtime error
        assertThat(results.get(3).path("status").asText()).isEqualTo("runtime error");
        assertThat(results.get(3).path("error").asText()).contains("No rows");
        assertThat(json.path("metadata").path("dbt_schema_version").asText()).isEqualTo(dev.kiln.testkit.DbtSchemas.SOURCES.url());
        assertThat(dev.kiln.testkit.DbtSchemas.SOURCES.violations(json)).isEmpty();
    }
}
