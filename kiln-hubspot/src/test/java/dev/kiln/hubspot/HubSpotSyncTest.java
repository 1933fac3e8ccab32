package dev.kiln.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.hubspot.testserver.DuckDbTarget;
import dev.kiln.hubspot.testserver.FakeHubSpot;
import dev.kiln.spi.SyncOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hubspot destination against a real DuckDB and a HubSpot API on loopback. */
class HubSpotSyncTest {

    static final String TOKEN = "pat-eu1-5b7c0c3e-0d1f-4c8e-9a1b-3f2e1d0c9b8a";
    static final Relation MODEL = Relation.of("main", "crm_contacts");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    FakeHubSpot hubspot;
    DuckDbTarget db;
    Path work;
    final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        hubspot = new FakeHubSpot(TOKEN).property("datavision_rfm_segment", "string").property("datavision_churn_risk", "number")
                .property("datavision_plan", "string");
        db = new DuckDbTarget(dir.resolve("warehouse.duckdb"));
        work = dir.resolve("target/sync/hubspot_contacts");
        db.exec("create table main.crm_contacts (email varchar, rfm_segment varchar, churn_risk double, plan varchar, signed_up date)");
    }

    @AfterEach
    void stop() {
        db.close();
        hubspot.close();
    }

    /** Inserts contacts {@code from}..{@code to} (inclusive). */
    void contacts(int from, int to) {
        db.exec("insert into main.crm_contacts select 'user' || i || '@example.com', case when i % 3 = 0 then 'champions' else 'at_risk' end, "
                + "round(i / 1000.0, 3), 'free', date '2026-01-01' + cast(i as integer) from range(" + from + ", " + (to + 1) + ") t(i)");
    }

    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("to", "hubspot");
        s.put("model", "crm_contacts");
        s.put("object", "contacts");
        s.put("match", Map.of("column", "email", "property", "email"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("datavision_rfm_segment", "rfm_segment");
        props.put("datavision_churn_risk", "churn_risk");
        s.put("properties", props);
        s.put("access_token", TOKEN);
        s.put("base_url", hubspot.baseUrl());
        return s;
    }

    SyncOutcome sync(Map<String, Object> settings) {
        return db.sync("hubspot_contacts", settings, MODEL, false, work, progress::add);
    }

    SyncOutcome dryRun(Map<String, Object> settings) {
        return db.sync("hubspot_contacts", settings, MODEL, true, work, progress::add);
    }

    List<String> rejectedKeys() throws Exception {
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(work.resolve(RejectedRecords.FILE))) {
            keys.add(JSON.readTree(line).path("key").asText());
        }
        return keys;
    }

    @Test
    void firstSyncSendsEveryRecordInBatchesOfAtMost100ThenOnlyWhatChanged() {
        contacts(1, 250);
        SyncOutcome first = sync(settings());
        assertThat(first).extracting(SyncOutcome::records, SyncOutcome::created, SyncOutcome::updated, SyncOutcome::unchanged, SyncOutcome::rejected)
                .containsExactly(250L, 250L, 0L, 0L, 0L);
        assertThat(hubspot.upserts()).extracting(u -> u.ids().size()).containsExactly(100, 100, 50);
        assertThat(hubspot.contacts()).hasSize(250);
        assertThat(hubspot.contacts().get("user3@example.com"))
                .containsEntry("datavision_rfm_segment", "champions").containsEntry("datavision_churn_risk", "0.003");
        assertThat(hubspot.authorizationHeadersSeen()).allMatch(h -> h.equals("Bearer " + TOKEN));
        assertThat(db.count("select count(*) from kiln_state.kiln_hubspot__hubspot_contacts")).isEqualTo(250);

        SyncOutcome second = sync(settings());
        assertThat(second).extracting(SyncOutcome::created, SyncOutcome::updated, SyncOutcome::unchanged).containsExactly(0L, 0L, 250L);
        assertThat(hubspot.upserts()).hasSize(3);

        db.exec("update main.crm_contacts set rfm_segment = 'loyal' where email in ('user1@example.com', 'user2@example.com')");
        db.exec("update main.crm_contacts set churn_risk = null where email = 'user4@example.com'");
        db.exec("update main.crm_contacts set plan = 'premium' where email = 'user5@example.com'");   // not mapped: no change
        contacts(251, 253);
        SyncOutcome third = sync(settings());
        assertThat(third).extracting(SyncOutcome::records, SyncOutcome::created, SyncOutcome::updated, SyncOutcome::unchanged)
                .containsExactly(253L, 3L, 3L, 247L);
        assertThat(hubspot.upserts()).hasSize(4);
        assertThat(hubspot.upserts().get(3).ids()).containsExactlyInAnyOrder("user1@example.com", "user2@example.com",
                "user4@example.com", "user251@example.com", "user252@example.com", "user253@example.com");
        assertThat(hubspot.contacts().get("user1@example.com")).containsEntry("datavision_rfm_segment", "loyal");
        assertThat(hubspot.contacts().get("user4@example.com")).containsEntry("datavision_churn_risk", "");
    }

    @Test
    void aNewMappedPropertyResendsEveryRecordOnce() {
        contacts(1, 30);
        sync(settings());
        Map<String, Object> s = settings();
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) s.get("properties");
        props.put("datavision_plan", "plan");
        assertThat(sync(s).updated()).isEqualTo(30);
        assertThat(hubspot.contacts().get("user7@example.com")).containsEntry("datavision_plan", "free");
        assertThat(sync(s).unchanged()).isEqualTo(30);
    }

    @Test
    void theStateIsCompactedWhenOldRowsPileUpAndACompactionCutShortIsFinished() {
        contacts(1, 100);
        sync(settings());
        for (String seg : List.of("a", "b")) {
            db.exec("update main.crm_contacts set rfm_segment = '" + seg + "' where churn_risk <= 0.012");   // 12 records
            sync(settings());
        }
        assertThat(db.count("select count(*) from kiln_state.kiln_hubspot__hubspot_contacts")).isEqualTo(124);
        db.exec("update main.crm_contacts set rfm_segment = 'c' where churn_risk <= 0.012");
        sync(settings());                                                        // 136 rows, 36 old: compacted
        assertThat(db.count("select count(*) from kiln_state.kiln_hubspot__hubspot_contacts")).isEqualTo(100);
        assertThat(sync(settings()).unchanged()).isEqualTo(100);

        // a crash after the old table was dropped: the complete copy is put back
        db.exec("create table kiln_state.kiln_hubspot__hubspot_contacts__compacted as select * from kiln_state.kiln_hubspot__hubspot_contacts");
        db.exec("drop table kiln_state.kiln_hubspot__hubspot_contacts");
        int requests = hubspot.requests();
        assertThat(sync(settings()).unchanged()).isEqualTo(100);
        assertThat(hubspot.requests()).isEqualTo(requests);
        assertThat(db.rows("select table_name from information_schema.tables where table_schema = 'kiln_state'"))
                .extracting(r -> r.get(0)).containsExactly("kiln_hubspot__hubspot_contacts");
    }

    @Test
    void aRefusedBatchIsNarrowedDownToTheOffendingRecordsAndTheRestAreSent() throws Exception {
        contacts(1, 100);
        db.exec("update main.crm_contacts set email = 'not-an-address-' || churn_risk where email in "
                + "('user10@example.com', 'user55@example.com', 'user99@example.com')");
        SyncOutcome out = sync(settings());
        assertThat(out.rejected()).isEqualTo(3);
        assertThat(out.created()).isEqualTo(97);
        assertThat(hubspot.contacts()).hasSize(97);
        List<String> rejected = rejectedKeys();
        assertThat(rejected).containsExactlyInAnyOrder("not-an-address-0.01", "not-an-address-0.055", "not-an-address-0.099");
        String line = Files.readAllLines(work.resolve(RejectedRecords.FILE)).get(0);
        assertThat(JSON.readTree(line).path("reason").asText()).contains("HubSpot (400)").contains("INVALID_EMAIL").contains("is invalid");
        assertThat(JSON.readTree(line).path("properties").has("datavision_rfm_segment")).isTrue();
        assertThat(out.message()).contains("3 rejected");
        // the state did not advance for them: they are tried again, and only they
        int before = hubspot.upserts().size();
        SyncOutcome again = sync(settings());
        assertThat(again.rejected()).isEqualTo(3);
        assertThat(again.unchanged()).isEqualTo(97);
        assertThat(hubspot.upserts()).hasSize(before);
    }

    @Test
    void rowsWithoutAnIdOrWithARepeatedIdAreNotSentAndListed() throws Exception {
        contacts(1, 5);
        db.exec("insert into main.crm_contacts values (null, 'x', 0.5, 'free', null), ('user2@example.com', 'dup', 0.1, 'free', null)");
        SyncOutcome out = sync(settings());
        assertThat(out.rejected()).isEqualTo(2);
        assertThat(out.created()).isEqualTo(5);
        assertThat(hubspot.receivedIds()).hasSize(5).doesNotHaveDuplicates();
        assertThat(Files.readString(work.resolve(RejectedRecords.FILE))).contains("is empty").contains("same email");
    }

    @Test
    void theClientSideBudgetKeepsUnderHubSpotsLimitWithoutA429() {
        hubspot.rateLimit(10, 1000);
        contacts(1, 300);
        Map<String, Object> s = settings();
        s.put("batch_size", 10);
        s.put("rate_limit", Map.of("requests", 10, "per_seconds", 1));
        long t0 = System.nanoTime();
        SyncOutcome out = sync(s);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(out.created()).isEqualTo(300);
        assertThat(hubspot.tooManyRequests()).isZero();
        assertThat(hubspot.upserts()).hasSize(30);
        // 30 requests at 10 per second: the third ten cannot start before 2 s
        assertThat(seconds).isGreaterThan(1.9);
    }

    @Test
    void a429WaitsOutTheWindowByPolicyNameOrRetryAfterAndLosesNothing() {
        hubspot.rateLimit(5, 1000);
        contacts(1, 200);
        Map<String, Object> s = settings();
        s.put("batch_size", 10);
        s.put("rate_limit", Map.of("requests", 100, "per_seconds", 1));   // more than the server allows
        SyncOutcome out = sync(s);
        assertThat(out.created()).isEqualTo(200);
        assertThat(hubspot.tooManyRequests()).isPositive();
        assertThat(hubspot.receivedIds()).hasSize(200).doesNotHaveDuplicates();
        assertThat(progress).anyMatch(l -> l.contains("TEN_SECONDLY_ROLLING"));

        hubspot.retryAfter(true);
        db.exec("update main.crm_contacts set rfm_segment = 'new'");
        progress.clear();
        assertThat(sync(s).updated()).isEqualTo(200);
        assertThat(hubspot.receivedIds()).hasSize(400);
    }

    @Test
    void theDailyLimitStopsWithAClearErrorAndTheNextSyncResumes() {
        contacts(1, 350);
        hubspot.dailyLimit(2);
        assertThatThrownBy(() -> sync(settings())).isInstanceOf(KilnException.class)
                .hasMessageContaining("daily API limit").hasMessageContaining("run the sync again").hasMessageNotContaining(TOKEN);
        assertThat(db.count("select count(*) from kiln_state.kiln_hubspot__hubspot_contacts")).isEqualTo(200);
        hubspot.dailyLimit(Long.MAX_VALUE);
        SyncOutcome out = sync(settings());
        assertThat(out.created()).isEqualTo(150);
        assertThat(out.unchanged()).isEqualTo(200);
        assertThat(hubspot.receivedIds()).hasSize(350).doesNotHaveDuplicates();
    }

    @Test
    void serverErrorsAreRetriedWithBackoffAndGiveUpAfterMaxRetries() {
        contacts(1, 150);
        hubspot.failNext(2, 503);
        assertThat(sync(settings()).created()).isEqualTo(150);
        assertThat(progress).anyMatch(l -> l.contains("HubSpot answered 503, retrying"));

        db.exec("update main.crm_contacts set rfm_segment = 'x'");
        hubspot.beforeUpsertAnswer(n -> {
            if (n == 3) {
                hubspot.failNext(100, 502);
            }
        });
        Map<String, Object> s = settings();
        s.put("max_retries", 2);
        s.put("concurrency", 1);   // the second batch is not sent before the first one's answer
        assertThatThrownBy(() -> sync(s)).isInstanceOf(KilnException.class).hasMessageContaining("502")
                .hasMessageContaining("3 times in a row");
        hubspot.failNext(0, 502);
        hubspot.beforeUpsertAnswer(n -> { });
        // the first batch of this run was acknowledged: only the second is sent again
        SyncOutcome out = sync(s);
        assertThat(out.updated()).isEqualTo(50);
        assertThat(out.unchanged()).isEqualTo(100);
    }

    @Test
    void aConnectionThatCannotBeMadeIsRetriedThenReported() throws Exception {
        contacts(1, 3);
        Map<String, Object> s = settings();
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        s.put("base_url", "http://127.0.0.1:" + port);
        s.put("max_retries", 1);
        assertThatThrownBy(() -> sync(s)).isInstanceOf(KilnException.class).hasMessageContaining("Could not reach HubSpot")
                .hasMessageContaining("after 2 attempts");
    }

    @Test
    void aRefusedTokenStopsAtOnceNamingWhereItComesFromButNeverShowingIt() {
        contacts(1, 10);
        Map<String, Object> s = settings();
        s.put("access_token", "pat-na1-wrong-token-value");
        assertThatThrownBy(() -> sync(s)).isInstanceOf(KilnException.class)
                .hasMessageContaining("401").hasMessageContaining("access_token of sync exposure 'hubspot_contacts'")
                .hasMessageNotContaining("pat-na1-wrong-token-value");
        assertThat(hubspot.requests()).isEqualTo(1);

        hubspot.forbidden(true);
        assertThatThrownBy(() -> sync(settings())).isInstanceOf(KilnException.class)
                .hasMessageContaining("403").hasMessageContaining("crm.objects.contacts.write").hasMessageNotContaining(TOKEN);
        assertThat(hubspot.requests()).isEqualTo(2);
    }

    @Test
    void missingPropertiesAreCreatedWithTypesFromTheColumnsOrReported() {
        hubspot.close();
        contacts(1, 4);
        try (FakeHubSpot bare = new FakeHubSpot(TOKEN)) {
            hubspot = bare;
            Map<String, Object> s = settings();
            s.put("properties", new LinkedHashMap<>(Map.of("datavision_rfm_segment", "rfm_segment", "datavision_churn_risk", "churn_risk",
                    "datavision_signed_up", "signed_up")));
            assertThatThrownBy(() -> sync(s)).isInstanceOf(KilnException.class).hasMessageContaining("create_properties: true");
            s.put("create_properties", true);
            assertThat(sync(s).created()).isEqualTo(4);
            assertThat(bare.propertyDefinition("datavision_churn_risk").path("type").asText()).isEqualTo("number");
            assertThat(bare.propertyDefinition("datavision_rfm_segment").path("type").asText()).isEqualTo("string");
            assertThat(bare.propertyDefinition("datavision_signed_up").path("type").asText()).isEqualTo("date");
            assertThat(bare.contacts().get("user1@example.com")).containsEntry("datavision_signed_up", "2026-01-02");
            assertThat(progress).anyMatch(l -> l.contains("created the HubSpot property contacts.datavision_churn_risk (number)"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aDryRunWritesTheDiffAndSendsNothing() throws Exception {
        contacts(1, 120);
        SyncOutcome dry = dryRun(settings());
        assertThat(dry).extracting(SyncOutcome::created, SyncOutcome::updated, SyncOutcome::unchanged).containsExactly(120L, 0L, 0L);
        assertThat(hubspot.requests()).isZero();
        assertThat(db.rows("select * from information_schema.tables where table_schema = 'kiln_state'")).isEmpty();
        JsonNode doc = JSON.readTree(work.resolve(HubSpotDestination.DRY_RUN_FILE).toFile());
        assertThat(doc.path("new").asLong()).isEqualTo(120);
        assertThat(doc.path("requests_needed").asLong()).isEqualTo(2);
        assertThat(doc.path("first_rows")).hasSize(20);
        assertThat(doc.path("first_rows").get(0).path("properties").path("datavision_rfm_segment").asText()).isNotEmpty();

        sync(settings());
        db.exec("update main.crm_contacts set rfm_segment = 'loyal' where email = 'user8@example.com'");
        contacts(121, 122);
        int requests = hubspot.requests();
        SyncOutcome dry2 = dryRun(settings());
        assertThat(dry2).extracting(SyncOutcome::created, SyncOutcome::updated, SyncOutcome::unchanged).containsExactly(2L, 1L, 119L);
        assertThat(hubspot.requests()).isEqualTo(requests);
        Map<String, String> changes = new HashMap<>();
        JSON.readTree(work.resolve(HubSpotDestination.DRY_RUN_FILE).toFile()).path("first_rows")
                .forEach(r -> changes.put(r.path("email").asText(), r.path("change").asText()));
        assertThat(changes).containsExactlyInAnyOrderEntriesOf(Map.of("user8@example.com", "changed",
                "user121@example.com", "new", "user122@example.com", "new"));
    }

    @Test
    void theTokenAppearsInNoOutputFileOrTable() throws Exception {
        contacts(1, 120);
        db.exec("update main.crm_contacts set email = 'broken' where email = 'user3@example.com'");
        hubspot.failNext(1, 500);
        hubspot.rateLimit(1, 200);
        Map<String, Object> s = settings();
        s.put("batch_size", 50);
        sync(s);
        dryRun(s);
        hubspot.dailyLimit(0);
        db.exec("update main.crm_contacts set rfm_segment = 'z'");
        List<String> messages = new ArrayList<>(progress);
        try {
            sync(s);
        } catch (KilnException e) {
            messages.add(e.getMessage());
        }
        assertThat(messages).isNotEmpty().noneMatch(m -> m.contains(TOKEN));
        assertThat(String.valueOf(HubSpotSettings.read("x", s, false))).doesNotContain(TOKEN);
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(TOKEN);
            }
        }
        db = new DuckDbTarget(dir.resolve("warehouse.duckdb"));
    }

    @Test
    void invalidSettingsAreAllReportedNamingTheExposureAndKey() {
        contacts(1, 2);
        Map<String, Object> s = settings();
        s.remove("match");
        s.put("batch_size", 150);
        s.put("colour", "blue");
        s.put("rate_limit", Map.of("requests", 0));
        assertThatThrownBy(() -> sync(s)).isInstanceOf(KilnException.class)
                .hasMessageContaining("exposure 'hubspot_contacts'").hasMessageContaining("'match' is missing")
                .hasMessageContaining("over HubSpot's limit of 100").hasMessageContaining("unknown key 'colour'")
                .hasMessageContaining("rate_limit.requests");
        Map<String, Object> cols = settings();
        cols.put("properties", Map.of("datavision_rfm_segment", "segment"));
        assertThatThrownBy(() -> sync(cols)).isInstanceOf(KilnException.class)
                .hasMessageContaining("properties.datavision_rfm_segment ('segment')").hasMessageContaining("Its columns are: email");
        Map<String, Object> noToken = settings();
        noToken.remove("access_token");
        assertThatThrownBy(() -> sync(noToken)).hasMessageContaining("access_token").hasMessageContaining("HUBSPOT_ACCESS_TOKEN");
        assertThat(dryRun(noToken).created()).isEqualTo(2);
        assertThat(new HubSpotDestination().keys()).contains("object", "match", "properties", "access_token", "base_url",
                "rate_limit", "create_properties");
    }

    @Test
    void theServerKeepsHubSpotsBatchLimit() throws Exception {
        StringBuilder body = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < 101; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"u").append(i).append("@example.com\",\"idProperty\":\"email\",\"properties\":{}}");
        }
        body.append("]}");
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(hubspot.baseUrl() + "/crm/v3/objects/contacts/batch/upsert"))
                .header("Authorization", "Bearer " + TOKEN).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("VALIDATION_ERROR").contains("at most 100");
    }
}
