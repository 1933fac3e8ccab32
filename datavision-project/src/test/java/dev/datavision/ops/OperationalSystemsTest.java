package dev.datavision.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datavision.raw.GeneratorConfig;
import dev.datavision.raw.GenerationListener;
import dev.datavision.raw.RawDataGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operational systems, for real: an embedded PostgreSQL server, the marketing API over HTTP on
 * loopback and the log files, started on a small generated history three days before its end, then
 * advanced to the end. Expectations are computed from the generator's Parquet files with DuckDB.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationalSystemsTest {

    @TempDir
    static Path dir;
    static OperationalSystems systems;
    static Connection history;
    static final LocalDate AS_OF = GeneratorConfig.DEFAULT_AS_OF;
    static final LocalDate START = AS_OF.minusDays(3);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static Map<Path, FileTime> filesAtStart;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        new RawDataGenerator(GeneratorConfig.of(data.resolve("raw")).withScale(150), new GenerationListener() { })
                .generate();
        systems = OperationalSystems.start(SystemsConfig.under(data).withPorts(0, 0).withClock(START), m -> { });
        history = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = history.createStatement()) {
            for (String t : History.TABLES) {
                s.execute("CREATE VIEW " + t + " AS SELECT * FROM read_parquet('" + data.resolve("raw").resolve(t)
                        + "/*.parquet')");
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (systems != null) {
            systems.close();
        }
        if (history != null) {
            history.close();
        }
    }

    @Test
    @Order(1)
    void theApplicationDatabaseHoldsTheStateAtTheClock() throws Exception {
        try (Connection pg = app()) {
            assertThat(one(pg, "SELECT count(*) FROM users"))
                    .isEqualTo(one(history, "SELECT count(DISTINCT user_id) FROM users WHERE signup_at < " + ts(START)))
                    .isPositive();
            assertThat(one(pg, "SELECT count(*) FROM content_interactions")).isEqualTo(one(history,
                    "SELECT count(DISTINCT interaction_id) FROM content_interactions WHERE occurred_at < " + ts(START)));
            // nothing the application could not know yet: every change is before the clock
            for (AppTable t : AppTable.values()) {
                assertThat(one(pg, "SELECT count(*) FROM " + t.tableName + " WHERE updated_at >= " + ts(START)))
                        .as(t.tableName).isZero();
            }
            assertThat(one(pg, "SELECT count(*) FROM subscriptions WHERE ended_at >= " + ts(START))).isZero();
            long endingLater = one(history, "SELECT count(*) FROM subscriptions WHERE started_at < " + ts(START)
                    + " AND ended_at >= " + ts(START));
            assertThat(one(pg, "SELECT count(*) FROM subscriptions WHERE status = 'active'")).isEqualTo(one(history,
                    "SELECT count(*) FROM subscriptions WHERE status = 'active' AND started_at < " + ts(START)) + endingLater);
            assertThat(one(pg, "SELECT count(*) FROM contents WHERE published_at IS NOT NULL")).isEqualTo(one(history,
                    "SELECT count(*) FROM contents WHERE published_at < " + ts(START)));
            // one row per key: the export's re-deliveries are not in the application
            assertThat(one(pg, "SELECT count(*) - count(DISTINCT payment_id) FROM payments")).isZero();
        }
    }

    @Test
    @Order(3)
    void theMarketingApiPagesThroughTheEventsWithNextLinks() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        String next = env("DATAVISION_MARKETING_API") + "/v1/events?limit=100";
        int pages = 0;
        while (next != null && pages < 1000) {
            JsonNode page = getJson(next, 200);
            page.path("data").forEach(events::add);
            next = page.path("paging").path("next").isNull() ? null : page.path("paging").path("next").asText();
            pages++;
        }
        assertThat(next).isNull();
        long expected = one(history, "SELECT count(*) FROM campaign_events WHERE occurred_at < " + ts(START));
        assertThat(events).hasSize((int) expected);
        assertThat(pages).isEqualTo((int) Math.max(1, (expected + 99) / 100));
        Set<Long> ids = new HashSet<>();
        LocalDateTime previous = LocalDateTime.MIN;
        for (JsonNode e : events) {
            assertThat(ids.add(e.get("event_id").asLong())).isTrue();
            LocalDateTime at = LocalDateTime.parse(e.get("occurred_at").asText());
            assertThat(at).isAfterOrEqualTo(previous).isBefore(START.atStartOfDay());
            previous = at;
        }
        assertThat(events.get(0).fieldNames()).toIterable()
                .containsExactly("event_id", "campaign_id", "user_id", "event_type", "occurred_at");
    }

    @Test
    @Order(4)
    void sinceKeepsOnlyLaterEventsAndTheCursorParameterWorksAlone() throws Exception {
        String since = START.minusDays(60) + "T00:00:00";
        JsonNode page = getJson(env("DATAVISION_MARKETING_API") + "/v1/events?limit=5&since=" + since, 200);
        assertThat(page.path("data")).isNotEmpty();
        page.path("data").forEach(e -> assertThat(e.get("occurred_at").asText()).isGreaterThan(since));
        String cursor = page.path("paging").path("cursor").asText();
        JsonNode second = getJson(env("DATAVISION_MARKETING_API") + "/v1/events?limit=5&since=" + since
                + "&cursor=" + cursor, 200);
        assertThat(second.path("data").get(0).get("occurred_at").asText())
                .isGreaterThanOrEqualTo(page.path("data").get(4).get("occurred_at").asText());
        assertThat(getJson(env("DATAVISION_MARKETING_API") + "/v1/campaigns", 200).path("data").size())
                .isEqualTo((int) one(history, "SELECT count(*) FROM campaigns WHERE started_at < " + ts(START)));
    }

    @Test
    @Order(5)
    void theMarketingApiSaysWhatIsWrong() throws Exception {
        String base = env("DATAVISION_MARKETING_API");
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/events")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("bearer token");
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                .header("Authorization", "Bearer nope").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(getJson(base + "/v1/events?limit=5000", 400).get("error").asText()).contains("limit").contains("1000");
        assertThat(getJson(base + "/v1/events?since=yesterday", 400).get("error").asText()).contains("since");
        assertThat(getJson(base + "/v1/events?cursor=bogus", 400).get("error").asText()).contains("cursor");
        assertThat(getJson(base + "/v1/nothing", 404).get("error").asText()).contains("/v1/events");
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void theSessionsLogHasOneFilePerFinishedDay() throws Exception {
        Path sessions = dir.resolve("data/landing/sessions");
        List<Path> files = daily(sessions);
        assertThat(files).isNotEmpty();
        assertThat(files.get(files.size() - 1).getFileName().toString()).isEqualTo("sessions-" + START.minusDays(1) + ".jsonl");
        long lines = 0;
        for (Path f : files) {
            LocalDate day = SessionLogs.dayOf(f);
            for (String line : Files.readAllLines(f)) {
                JsonNode session = JSON.readTree(line);
                assertThat(LocalDateTime.parse(session.get("started_at").asText()).toLocalDate()).isEqualTo(day);
                assertThat(session.has("ended_at")).isTrue();
                lines++;
            }
        }
        assertThat(lines).isEqualTo(one(history, "SELECT count(*) FROM sessions WHERE started_at < " + ts(START)));
        filesAtStart = new HashMap<>();
        for (Path f : files) {
            filesAtStart.put(f, Files.getLastModifiedTime(f));
        }
    }

    @Test
    @Order(7)
    void advancingTheClockDeliversWhatHappenedMeanwhile() throws Exception {
        Map<String, Object> result = systems.advance(3);
        assertThat(result).containsEntry("clock", AS_OF.toString());
        assertThat(systems.clock()).isEqualTo(AS_OF);
        try (Connection pg = app()) {
            // at as_of the application holds the whole export, one row per key
            assertThat(one(pg, "SELECT count(*) FROM users")).isEqualTo(one(history, "SELECT count(DISTINCT user_id) FROM users"));
            assertThat(one(pg, "SELECT count(*) FROM users WHERE is_deleted"))
                    .isEqualTo(one(history, "SELECT count(DISTINCT user_id) FROM users WHERE is_deleted"));
            assertThat(one(pg, "SELECT count(*) FROM subscriptions WHERE ended_at IS NULL"))
                    .isEqualTo(one(history, "SELECT count(*) FROM subscriptions WHERE ended_at IS NULL"));
            assertThat(one(pg, "SELECT count(*) FROM content_interactions"))
                    .isEqualTo(one(history, "SELECT count(DISTINCT interaction_id) FROM content_interactions"));
            assertThat(one(pg, "SELECT count(*) FROM contents WHERE status = 'archived'"))
                    .isEqualTo(one(history, "SELECT count(*) FROM contents WHERE status = 'archived'"));
            // what changed since the old clock carries an updated_at at or after it: a sound cursor
            long changedSubscriptions = one(history, "SELECT count(*) FROM subscriptions WHERE started_at >= " + ts(START)
                    + " OR ended_at >= " + ts(START));
            assertThat(one(pg, "SELECT count(*) FROM subscriptions WHERE updated_at >= " + ts(START)))
                    .isEqualTo(changedSubscriptions).isPositive();
        }
        String next = env("DATAVISION_MARKETING_API") + "/v1/events?limit=1000";
        long events = 0;
        for (int pages = 0; next != null && pages < 1000; pages++) {
            JsonNode page = getJson(next, 200);
            events += page.path("data").size();
            next = page.path("paging").path("next").isNull() ? null : page.path("paging").path("next").asText();
        }
        assertThat(events).isEqualTo(one(history, "SELECT count(*) FROM campaign_events"));
        List<Path> files = daily(dir.resolve("data/landing/sessions"));
        assertThat(files).hasSize(filesAtStart.size() + 3);
        for (Map.Entry<Path, FileTime> e : filesAtStart.entrySet()) {
            assertThat(Files.getLastModifiedTime(e.getKey())).as("untouched " + e.getKey()).isEqualTo(e.getValue());
        }
        long lines = 0;
        for (Path f : files) {
            try (Stream<String> l = Files.lines(f)) {
                lines += l.count();
            }
        }
        assertThat(lines).isEqualTo(one(history, "SELECT count(*) FROM sessions"));
        assertThatThrownBy(() -> systems.advance(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("end of the simulated history");
    }

    @Test
    @Order(8)
    void theControlEndpointAdvancesOnlyWithTheToken() throws Exception {
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(env("DATAVISION_MARKETING_API")
                + "/_simulator/advance?days=1")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        HttpResponse<String> atEnd = HTTP.send(HttpRequest.newBuilder(URI.create(env("DATAVISION_MARKETING_API")
                + "/_simulator/advance?days=1")).header("Authorization", "Bearer " + env("DATAVISION_MARKETING_TOKEN"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(atEnd.statusCode()).isEqualTo(400);
        assertThat(atEnd.body()).contains("end of the simulated history");
    }

    private static List<Path> daily(Path sessions) throws Exception {
        try (Stream<Path> list = Files.list(sessions)) {
            return list.filter(p -> SessionLogs.dayOf(p) != null).sorted().toList();
        }
    }

    private static String env(String name) {
        return systems.environment().get(name);
    }

    private static Connection app() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", env("DATAVISION_APP_DB_USER"));
        props.setProperty("password", env("DATAVISION_APP_DB_PASSWORD"));
        return DriverManager.getConnection(env("DATAVISION_APP_DB_URL"), props);
    }

    private static JsonNode getJson(String url, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + env("DATAVISION_MARKETING_TOKEN")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    private static String ts(LocalDate day) {
        return "TIMESTAMP '" + day + " 00:00:00'";
    }

    private static long one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
