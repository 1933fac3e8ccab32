package dev.kiln.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.hubspot.testserver.FakeHubSpot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole project through Kiln's API: seed, model and its tests, then the hubspot sync exposure,
 * found by ServiceLoader by its {@code to:} — and skipped when a test of its model fails.
 */
class KilnSyncEndToEndTest {

    static final String TOKEN = HubSpotSyncTest.TOKEN;
    static final String EXPOSURE = "exposure.e2e.hubspot_contacts";

    @TempDir
    Path dir;

    private void project(String baseUrl, String seedRows) throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.createDirectories(dir.resolve("seeds"));
        Files.writeString(dir.resolve("kiln.yml"), """
                name: e2e
                version: 1.0.0
                targets:
                  dev: {type: duckdb, path: target/e2e.duckdb}
                default-target: dev
                """);
        Files.writeString(dir.resolve("seeds/contacts_raw.csv"), "email,segment,churn\n" + seedRows);
        Files.writeString(dir.resolve("models/crm_contacts.sql"),
                "select email, segment as rfm_segment, churn as churn_risk from ${ref('contacts_raw')}\n");
        Files.writeString(dir.resolve("models/schema.yml"), """
                version: 2
                models:
                  - name: crm_contacts
                    columns:
                      - name: email
                        data_tests: [unique, not_null]
                      - name: rfm_segment
                        data_tests:
                          - accepted_values: {values: [champions, loyal, at_risk]}
                exposures:
                  - name: hubspot_contacts
                    type: application
                    owner: {name: Marketing ops}
                    depends_on: [ref('crm_contacts')]
                    sync:
                      to: hubspot
                      model: crm_contacts
                      object: contacts
                      match: {column: email, property: email}
                      properties: {datavision_rfm_segment: rfm_segment, datavision_churn_risk: churn_risk}
                      access_token: "${env_var('KILN_E2E_HUBSPOT_TOKEN', '%s')}"
                      base_url: "%s"
                """.formatted(TOKEN, baseUrl));
    }

    private static NodeResult exposure(RunResults r) {
        return r.results().stream().filter(n -> n.uniqueId().equals(EXPOSURE)).findFirst().orElseThrow();
    }

    @Test
    void buildSyncsAfterTheModelsTestsPassAndSkipsTheSyncWhenOneFails() throws Exception {
        try (FakeHubSpot hubspot = new FakeHubSpot(TOKEN).property("datavision_rfm_segment", "string")
                .property("datavision_churn_risk", "number")) {
            project(hubspot.baseUrl(), "ana@example.com,champions,0.1\nbo@example.com,loyal,0.5\ncy@example.com,at_risk,0.9\n");
            try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
                RunResults dry = kiln.build(Selection.parse("+exposure:hubspot_contacts"));
                assertThat(dry.success()).as(dry.toString()).isTrue();
            }
            assertThat(hubspot.contacts()).containsOnlyKeys("ana@example.com", "bo@example.com", "cy@example.com");
            assertThat(hubspot.contacts().get("bo@example.com")).containsEntry("datavision_rfm_segment", "loyal");

            // a dry run after a change: the diff under target/sync/<exposure>/, nothing sent
            project(hubspot.baseUrl(), "ana@example.com,champions,0.1\nbo@example.com,champions,0.5\ncy@example.com,at_risk,0.9\n"
                    + "di@example.com,loyal,0.2\n");
            int requests = hubspot.requests();
            try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
                kiln.build(Selection.parse("crm_contacts+", "contacts_raw").excluding("exposure:hubspot_contacts"));
                RunResults dry = kiln.sync(Selection.parse("exposure:hubspot_contacts"), true);
                assertThat(exposure(dry).status()).isEqualTo(NodeStatus.SUCCESS);
            }
            assertThat(hubspot.requests()).isEqualTo(requests);
            JsonNode diff = new ObjectMapper().readTree(dir.resolve("target/sync/hubspot_contacts/" + HubSpotDestination.DRY_RUN_FILE).toFile());
            assertThat(diff.path("new").asLong()).isEqualTo(1);
            assertThat(diff.path("changed").asLong()).isEqualTo(1);
            assertThat(diff.path("unchanged").asLong()).isEqualTo(2);

            try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
                RunResults sync = kiln.sync(Selection.parse("exposure:hubspot_contacts"), false);
                assertThat(exposure(sync).status()).isEqualTo(NodeStatus.SUCCESS);
            }
            assertThat(hubspot.upserts().get(hubspot.upserts().size() - 1).ids()).containsExactlyInAnyOrder("bo@example.com", "di@example.com");

            // a failing test of the model: the sync is skipped, naming the test, and nothing reaches HubSpot
            project(hubspot.baseUrl(), "ana@example.com,champions,0.1\nbo@example.com,VIP,0.5\n");
            requests = hubspot.requests();
            try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
                RunResults r = kiln.build(Selection.parse("+exposure:hubspot_contacts"));
                assertThat(r.success()).isFalse();
                NodeResult skipped = exposure(r);
                assertThat(skipped.status()).isEqualTo(NodeStatus.SKIPPED);
                assertThat(skipped.message()).contains("accepted_values");
            }
            assertThat(hubspot.requests()).isEqualTo(requests);
            assertThat(hubspot.contacts().get("bo@example.com")).containsEntry("datavision_rfm_segment", "champions");

            try (Stream<Path> files = Files.walk(dir.resolve("target"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(TOKEN);
                }
            }
        }
    }
}
