package dev.kiln.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.KilnException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static dev.kiln.serve.Fixture.endpoint;
import static dev.kiln.serve.Fixture.exposure;
import static dev.kiln.serve.Fixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request handling against a real DuckDB file copied into the replica. */
class ApiHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ServeApp app;
    static ApiHandler api;

    @BeforeAll
    static void open() throws Exception {
        Path db = Fixture.database(dir);
        ServeSpec open = ServeSpec.of(exposure("segment_api", Map.of(
                "cors", Map.of("allow_origins", "https://app.example"),
                "endpoints", List.of(
                        endpoint("/users/{user_id}/segment", "segments", "description", "A user's segment."),
                        endpoint("/segments/{segment}/users", "segments", "page_size", 20),
                        endpoint("/paying", "segments", "page_size", 1000, "filter", Map.of("is_paying", true),
                                "columns", List.of("user_id", "segment")),
                        endpoint("/events", "events", "page_size", 10)))));
        ServeSpec secured = ServeSpec.of(exposure("private_api", Map.of(
                "auth", Map.of("api_keys", "s3cret-one,s3cret-two"),
                "endpoints", List.of(endpoint("/private/users/{user_id}", "segments")))));
        app = ServeApp.open(List.of(open, secured), Fixture.models(), Fixture.source(dir, db), "Test API", "1.0.0");
        api = app.handler();
    }

    @AfterAll
    static void close() {
        app.close();
    }

    private static JsonNode json(ApiResponse r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void aUniqueKeyInThePathAnswersOneObjectWithTypedValues() throws Exception {
        ApiResponse r = api.handle(get("/users/8/segment"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("Content-Type", "application/json").containsKey("ETag");
        JsonNode n = json(r);
        assertThat(n.get("user_id").isIntegralNumber()).isTrue();
        assertThat(n.get("user_id").asLong()).isEqualTo(8);
        assertThat(n.get("segment").asText()).isEqualTo("new");
        assertThat(r.text()).contains("\"monetary\":10.00");
        assertThat(n.get("score").asDouble()).isEqualTo(1.0);
        assertThat(n.get("last_seen_at").asText()).isEqualTo("2026-10-01T12:00:08");
        assertThat(n.get("signup_date").asText()).isEqualTo("2026-01-09");
        assertThat(n.get("is_paying").asBoolean()).isTrue();
        assertThat(n.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(json(api.handle(get("/users/10/segment"))).get("note").isNull()).isTrue();
    }

    @Test
    void aMissingRowIs404AndABadValueIs400NamingTheType() throws Exception {
        ApiResponse missing = api.handle(get("/users/99999/segment"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(json(missing).at("/error/message").asText()).contains("user_id = 99999");
        ApiResponse bad = api.handle(get("/users/abc/segment"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).at("/error/message").asText())
                .isEqualTo("Path parameter 'user_id' must be a whole number (column user_id is BIGINT), not 'abc'.");
        ApiResponse injection = api.handle(get("/segments/x'%20or%20'1'='1/users"));
        assertThat(injection.status()).isEqualTo(200);
        assertThat(json(injection).get("data")).isEmpty();
    }

    @Test
    void listsPageWithAnOpaqueCursorUntilTheEnd() throws Exception {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiResponse r = api.handle(get("/segments/champions/users?limit=15" + (cursor == null ? "" : "&cursor=" + cursor)));
            assertThat(r.status()).isEqualTo(200);
            JsonNode n = json(r);
            n.get("data").forEach(row -> {
                assertThat(row.get("segment").asText()).isEqualTo("champions");
                ids.add(row.get("user_id").asLong());
            });
            cursor = n.get("next").isNull() ? null : n.get("next").asText();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(ids).hasSize(83).isSorted().doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(6);
    }

    @Test
    void queryParametersFilterByEqualityAndUnknownOnesAreListed() throws Exception {
        JsonNode n = json(api.handle(get("/segments/at_risk/users?is_paying=true&limit=20")));
        assertThat(n.get("data")).isNotEmpty().allSatisfy(row -> assertThat(row.get("is_paying").asBoolean()).isTrue());
        ApiResponse unknown = api.handle(get("/segments/at_risk/users?colour=red"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(json(unknown).at("/error/message").asText()).startsWith("Unknown parameter 'colour'. Allowed: user_id, ")
                .contains("monetary", "limit, cursor").doesNotContain("tags");
        ApiResponse badType = api.handle(get("/segments/at_risk/users?monetary=lots"));
        assertThat(json(badType).at("/error/message").asText()).contains("'monetary' must be a decimal number");
        ApiResponse tooMany = api.handle(get("/segments/at_risk/users?limit=21"));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(json(tooMany).at("/error/message").asText()).contains("from 1 to 20");
        assertThat(api.handle(get("/segments/at_risk/users?cursor=garbage")).status()).isEqualTo(400);
        assertThat(api.handle(get("/users/1/segment?limit=5")).status()).isEqualTo(400);
    }

    @Test
    void fixedFiltersAndChosenColumns() throws Exception {
        JsonNode n = json(api.handle(get("/paying")));
        assertThat(n.get("data")).hasSize(125);
        assertThat(n.get("data").get(0).size()).isEqualTo(2);
        assertThat(api.handle(get("/paying?is_paying=false")).status()).isEqualTo(400);
    }

    @Test
    void modelsWithoutAUniqueKeyPageByRowPosition() throws Exception {
        JsonNode first = json(api.handle(get("/events?user_id=3")));
        assertThat(first.get("data")).hasSize(3);
        JsonNode all = json(api.handle(get("/events")));
        assertThat(all.get("data")).hasSize(10);
        JsonNode second = json(api.handle(get("/events?cursor=" + all.get("next").asText())));
        assertThat(second.get("data")).hasSize(10);
        assertThat(second.get("data").get(0).get("kind").asText()).isEqualTo("e10");
    }

    @Test
    void apiKeysAsBearerOrHeaderAndNeverWithoutOne() throws Exception {
        ApiResponse none = api.handle(get("/private/users/3"));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers()).containsEntry("WWW-Authenticate", "Bearer");
        assertThat(api.handle(get("/private/users/3", "Authorization", "Bearer wrong")).status()).isEqualTo(403);
        assertThat(api.handle(get("/private/users/3", "X-API-Key", "s3cret-on")).status()).isEqualTo(403);
        assertThat(api.handle(get("/private/users/3", "Authorization", "Bearer s3cret-two")).status()).isEqualTo(200);
        assertThat(json(api.handle(get("/private/users/3", "X-API-Key", "s3cret-one"))).get("user_id").asLong()).isEqualTo(3);
        assertThat(api.handle(get("/users/3/segment")).status()).isEqualTo(200);
    }

    @Test
    void theEtagOfTheDataVersionAnswers304() {
        ApiResponse r = api.handle(get("/users/5/segment"));
        String etag = r.headers().get("ETag");
        assertThat(etag).isEqualTo(app.replica().current().etag());
        ApiResponse again = api.handle(get("/users/5/segment", "If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(api.handle(get("/users/5/segment", "If-None-Match", "\"other\"")).status()).isEqualTo(200);
    }

    @Test
    void largeBodiesAreGzippedWhenAsked() throws Exception {
        ApiResponse plain = api.handle(get("/paying"));
        ApiResponse zipped = api.handle(get("/paying", "Accept-Encoding", "gzip, deflate"));
        assertThat(zipped.headers()).containsEntry("Content-Encoding", "gzip");
        assertThat(zipped.body().length).isLessThan(plain.body().length / 3);
        byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
        assertThat(unzipped).isEqualTo(plain.body());
        assertThat(api.handle(get("/users/5/segment", "Accept-Encoding", "gzip")).headers()).doesNotContainKey("Content-Encoding");
    }

    @Test
    void corsForAllowedOriginsAndPreflight() {
        assertThat(api.handle(get("/users/5/segment", "Origin", "https://app.example")).headers())
                .containsEntry("Access-Control-Allow-Origin", "https://app.example");
        assertThat(api.handle(get("/users/5/segment", "Origin", "https://evil.example")).headers())
                .doesNotContainKey("Access-Control-Allow-Origin");
        ApiResponse pre = api.handle(ApiRequest.of("OPTIONS", "/private/users/3", "",
                Map.of("Origin", "https://app.example", "Access-Control-Request-Method", "GET"), "x"));
        assertThat(pre.status()).isEqualTo(204);
        assertThat(pre.headers()).containsEntry("Access-Control-Allow-Headers", "Authorization, X-API-Key, If-None-Match, Content-Type");
        assertThat(api.handle(ApiRequest.of("POST", "/users/5/segment", "", Map.of(), "x")).status()).isEqualTo(405);
    }

    @Test
    void healthOpenApiAndSwaggerUi() throws Exception {
        JsonNode health = json(api.handle(get("/health")));
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.at("/models/segments/rows").asLong()).isEqualTo(250);
        JsonNode doc = json(api.handle(get("/openapi.json")));
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        JsonNode op = doc.at("/paths/~1users~1{user_id}~1segment/get");
        assertThat(op.get("summary").asText()).isEqualTo("A user's segment.");
        assertThat(op.get("parameters").get(0).get("in").asText()).isEqualTo("path");
        assertThat(op.get("parameters").get(0).at("/schema/type").asText()).isEqualTo("integer");
        assertThat(op.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/segments");
        assertThat(op.at("/responses/404")).isNotNull();
        JsonNode list = doc.at("/paths/~1segments~1{segment}~1users/get");
        assertThat(list.at("/responses/200/content/application~1json/schema/properties/data/type").asText()).isEqualTo("array");
        assertThat(list.get("parameters").findValuesAsText("name")).contains("segment", "monetary", "limit", "cursor");
        JsonNode schema = doc.at("/components/schemas/segments/properties");
        assertThat(schema.at("/user_id/description").asText()).isEqualTo("The user.");
        assertThat(schema.at("/last_seen_at/format").asText()).isEqualTo("date-time");
        assertThat(schema.at("/monetary/type").asText()).isEqualTo("number");
        assertThat(doc.at("/paths/~1private~1users~1{user_id}/get/security")).isNotEmpty();
        assertThat(doc.at("/components/securitySchemes/apiKey/name").asText()).isEqualTo("X-API-Key");
        ApiResponse ui = api.handle(get("/docs"));
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.text()).contains("swagger-ui-bundle.js");
        assertThat(api.handle(get("/docs/swagger-ui-bundle.js")).body().length).isGreaterThan(100_000);
        assertThat(api.handle(get("/docs/../secret")).status()).isEqualTo(404);
        ApiResponse nowhere = api.handle(get("/nowhere"));
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(json(nowhere).at("/error/message").asText()).contains("/users/{user_id}/segment");
    }

    @Test
    void theAccessLogLineIsJsonWithoutHeaders() throws Exception {
        ApiRequest req = get("/private/users/3?x=1", "Authorization", "Bearer s3cret-one");
        String line = AccessLog.line(req, api.handle(req), 1_234_567, app.replica().current());
        JsonNode n = JSON.readTree(line);
        assertThat(n.get("path").asText()).isEqualTo("/private/users/3?x=1");
        assertThat(n.get("status").asInt()).isEqualTo(400);
        assertThat(n.get("ms").asDouble()).isEqualTo(1.23);
        assertThat(line).doesNotContain("s3cret");
    }

    @Test
    void anEndpointOnAMissingColumnIsAStartupErrorAtItsLine() throws Exception {
        Path db = dir.resolve("warehouse.duckdb");
        ServeSpec spec = ServeSpec.of(exposure("bad", Map.of("endpoints", List.of(
                endpoint("/u/{userid}", "segments"))), "serve.endpoints[0].path"));
        assertThatThrownBy(() -> ServeApp.open(List.of(spec), Fixture.models(), Fixture.source(dir, db), "t", "1"))
                .isInstanceOfSatisfying(KilnException.class, e -> assertThat(e.describe())
                        .contains("models/api.yml:10:7", "'{userid}'", "Did you mean 'user_id'?"));
        ServeSpec unbuilt = ServeSpec.of(exposure("unbuilt", Map.of("endpoints", List.of(endpoint("/n", "nothing")))));
        Map<String, ServedModel> models = Map.of("nothing", new ServedModel("nothing",
                dev.kiln.Relation.of("analytics", "nothing"), "", Map.of(), List.of()));
        assertThatThrownBy(() -> ServeApp.open(List.of(unbuilt), models, Fixture.source(dir, db), "t", "1"))
                .hasMessageContaining("Model 'nothing' is not built yet").hasMessageContaining("kiln build -s +nothing");
    }

    @Test
    void beforeTheFirstCopyEveryDataRequestIs503() throws Exception {
        ServeSpec spec = ServeSpec.of(exposure("api", Map.of("endpoints", List.of(endpoint("/u/{user_id}", "segments")))));
        EndpointHandler e = new EndpointHandler(spec, spec.endpoints().get(0), Fixture.models().get("segments"));
        try (Replica empty = new Replica(1)) {
            ApiHandler loading = new ApiHandler(List.of(e), empty, new OpenApi(List.of(e), "t", "1"));
            ApiResponse health = loading.handle(get("/health"));
            assertThat(health.status()).isEqualTo(503);
            assertThat(json(health).get("status").asText()).isEqualTo("loading");
            ApiResponse data = loading.handle(get("/u/1"));
            assertThat(data.status()).isEqualTo(503);
            assertThat(data.headers()).containsEntry("Retry-After", "1");
            assertThat(loading.handle(get("/openapi.json")).status()).isEqualTo(503);
        }
    }

    @Test
    void theKeyIndexAnswersExactlyAsTheDatabase() throws Exception {
        // another query parameter keeps a request off the index: this one is answered by the database
        ApiResponse fromDb = api.handle(get("/users/77/segment?segment=new"));
        assertThat(fromDb.status()).isEqualTo(200);
        ReplicaTable table = app.replica().current().table("segments");
        try (Replica.Lease lease = app.replica().lease()) {
            KeyIndex index = KeyIndex.build(lease.version().number(), lease::prepare, table, "user_id", table.columnNames());
            assertThat(index).isNotNull();
            assertThat(new String(index.get(77), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(fromDb.text());
            assertThat(index.get(99_999)).isNull();
        }
        // the version was indexed before it was served: the first plain lookup is answered from its index
        ApiResponse r = api.handle(get("/users/77/segment"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo(fromDb.text());
        assertThat(api.handle(get("/users/99999/segment")).status()).isEqualTo(404);
        assertThat(api.handle(get("/users/77/segment?segment=champions")).status()).isEqualTo(404);
    }

    @Test
    void aVersionIsIndexedBeforeItIsServed() {
        ReplicaVersion before = app.replica().current();
        ReplicaVersion after = app.refresh();
        assertThat(after.number()).isGreaterThan(before.number());
        EndpointHandler users = app.endpoints().stream().filter(e -> e.endpoint().path().text().equals("/users/{user_id}/segment"))
                .findFirst().orElseThrow();
        assertThat(users.indexedVersion()).isEqualTo(after.number());
        assertThat(api.handle(get("/users/5/segment")).text()).isEqualTo(api.handle(get("/users/5/segment?segment=new")).text());
    }
}
