package dev.kiln.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Command;
import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.JdbcRows;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runnable exposures on a real DuckDB file, with the test destination {@code test_file}
 * (engine-core's testkit), which writes what it is sent to a file and its state to a table.
 */
class ExposureRunTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private TempProject shop(String severity) {
        return TempProject.create(dir, "shop", "duckdb")
                .file("kiln.yml", """
                        name: shop
                        models:
                          +materialized: table
                        targets:
                          dev: {type: duckdb, path: target/shop.duckdb, threads: 2}
                        """)
                .file("seeds/users.csv", "user_id,email\n1,a@x.io\n2,b@x.io\n3,\n")
                .file("models/contacts.sql", "select user_id, email from ${ref('users')}\n")
                .file("models/other.sql", "select 1 as x\n")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: contacts
                            columns:
                              - name: email
                                data_tests:
                                  - not_null: {config: {severity: %s}}
                        """.formatted(severity))
                .file("models/exposures.yml", """
                        version: 2
                        exposures:
                          - name: crm
                            type: application
                            owner: {name: Ops}
                            depends_on: ["ref('contacts')"]
                            config: {enabled: "${env_var('CRM_ON', 'true')}"}
                            sync: {to: test_file, model: contacts, state_schema: my_state}
                        """);
    }

    private Kiln load(TempProject p) {
        return Kiln.configure().projectDir(p.root()).env(env::get).load();
    }

    private static NodeResult result(RunResults r, String id) {
        return r.results().stream().filter(x -> x.uniqueId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void buildRunsTheSyncAfterTheTestsPassAndRecordsCounts() throws Exception {
        TempProject p = shop("error").file("seeds/users.csv", "user_id,email\n1,a@x.io\n2,b@x.io\n");
        try (Kiln kiln = load(p)) {
            RunResults r = kiln.build(Selection.ALL);
            assertThat(r.success()).isTrue();
            List<String> order = r.results().stream().map(NodeResult::uniqueId).toList();
            assertThat(order.indexOf("exposure.shop.crm")).isGreaterThan(order.indexOf("test.shop.not_null_contacts_email"));
            NodeResult crm = result(r, "exposure.shop.crm");
            assertThat(crm.status()).isEqualTo(NodeStatus.SUCCESS);
            assertThat(crm.rowsAffected()).isEqualTo(2);
            assertThat(crm.response()).containsEntry("records", 2L).containsEntry("created", 2L);
            Path sent = p.root().resolve("target/sync/crm/sent.csv");
            assertThat(Files.readAllLines(sent)).containsExactly("user_id,email", "1,a@x.io", "2,b@x.io");
            assertThat(JdbcRows.query("jdbc:duckdb:" + p.root().resolve("target/shop.duckdb"),
                    "select sent from my_state.test_file_crm")).containsExactly("2");
            JsonNode rr = new ObjectMapper().readTree(p.root().resolve("target/run_results.json").toFile());
            JsonNode entry = null;
            for (JsonNode n : rr.get("results")) {
                if (n.get("unique_id").asText().equals("exposure.shop.crm")) {
                    entry = n;
                }
            }
            assertThat(entry.get("status").asText()).isEqualTo("success");
            assertThat(entry.get("adapter_response").get("rows_affected").asLong()).isEqualTo(2);
            assertThat(entry.get("adapter_response").get("records").asLong()).isEqualTo(2);
        }
    }

    @Test
    void aFailingTestSkipsTheSyncNamingTheTestAndNothingIsSent() {
        TempProject p = shop("error");
        try (Kiln kiln = load(p)) {
            RunResults r = kiln.build(Selection.ALL);
            assertThat(result(r, "test.shop.not_null_contacts_email").status()).isEqualTo(NodeStatus.FAIL);
            NodeResult crm = result(r, "exposure.shop.crm");
            assertThat(crm.status()).isEqualTo(NodeStatus.SKIPPED);
            assertThat(crm.message()).contains("not_null_contacts_email");
            assertThat(p.root().resolve("target/sync/crm/sent.csv")).doesNotExist();
            assertThat(result(r, "model.shop.other").status()).isEqualTo(NodeStatus.SUCCESS);
        }
    }

    @Test
    void aTestThatOnlyWarnsDoesNotBlock() {
        TempProject p = shop("warn");
        try (Kiln kiln = load(p)) {
            RunResults r = kiln.build(Selection.ALL);
            assertThat(result(r, "test.shop.not_null_contacts_email").status()).isEqualTo(NodeStatus.WARN);
            assertThat(result(r, "exposure.shop.crm").status()).isEqualTo(NodeStatus.SUCCESS);
            assertThat(p.root().resolve("target/sync/crm/sent.csv")).exists();
        }
    }

    @Test
    void syncCommandRunsOnlyTheSyncAndItsGateTests() throws Exception {
        TempProject p = shop("error").file("seeds/users.csv", "user_id,email\n1,a@x.io\n");
        try (Kiln kiln = load(p)) {
            kiln.build(Selection.parse("contacts", "users"));
        }
        try (Kiln kiln = load(p)) {
            RunResults dry = kiln.sync(Selection.ALL, true);
            assertThat(dry.results().stream().map(NodeResult::uniqueId))
                    .containsExactly("test.shop.not_null_contacts_email", "exposure.shop.crm");
            assertThat(result(dry, "exposure.shop.crm").message()).isEqualTo("would send 1 records");
            assertThat(p.root().resolve("target/sync/crm/dry_run.csv")).exists();
            assertThat(p.root().resolve("target/sync/crm/sent.csv")).doesNotExist();
            JsonNode args = new ObjectMapper().readTree(p.root().resolve("target/run_results.json").toFile()).get("args");
            assertThat(args.get("which").asText()).isEqualTo("sync");
            assertThat(args.get("dry_run").asBoolean()).isTrue();
            assertThat(kiln.plan(Command.REPORT, Selection.ALL).steps()).isEmpty();
            RunResults real = kiln.sync(Selection.parse("exposure:crm"), false);
            assertThat(real.success()).isTrue();
            assertThat(p.root().resolve("target/sync/crm/sent.csv")).exists();
        }
    }

    @Test
    void aDestinationFailureIsAnErrorAndRejectsAreAWarning() {
        TempProject p = shop("error").file("seeds/users.csv", "user_id,email\n1,a@x.io\n2,b@x.io\n");
        p.file("models/exposures.yml", """
                version: 2
                exposures:
                  - name: crm
                    type: application
                    sync: {to: test_file, model: contacts, fail_with: "HubSpot said no: check HUBSPOT_ACCESS_TOKEN"}
                  - name: crm2
                    type: application
                    sync: {to: test_file, model: contacts, reject: 2}
                """);
        try (Kiln kiln = load(p)) {
            RunResults r = kiln.build(Selection.ALL);
            NodeResult crm = result(r, "exposure.shop.crm");
            assertThat(crm.status()).isEqualTo(NodeStatus.ERROR);
            assertThat(crm.message()).isEqualTo("HubSpot said no: check HUBSPOT_ACCESS_TOKEN");
            NodeResult crm2 = result(r, "exposure.shop.crm2");
            assertThat(crm2.status()).isEqualTo(NodeStatus.WARN);
            assertThat(crm2.response()).containsEntry("rejected", 1L);
            assertThat(r.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void aDryRunIsRetriedAsADryRun() {
        TempProject p = shop("error").file("seeds/users.csv", "user_id,email\n1,a@x.io\n");
        p.file("models/exposures.yml", """
                version: 2
                exposures:
                  - name: crm
                    type: application
                    sync: {to: test_file, model: contacts, fail_with: "${env_var('FAIL', '')}"}
                """);
        try (Kiln kiln = load(p)) {
            kiln.build(Selection.parse("contacts", "users"));
        }
        env.put("FAIL", "destination down");
        try (Kiln kiln = load(p)) {
            assertThat(result(kiln.sync(Selection.ALL, true), "exposure.shop.crm").status()).isEqualTo(NodeStatus.ERROR);
        }
        env.remove("FAIL");
        try (Kiln kiln = load(p)) {
            RunResults again = kiln.retry(dev.kiln.RunOptions.DEFAULTS);
            assertThat(result(again, "exposure.shop.crm").status()).isEqualTo(NodeStatus.SUCCESS);
        }
        assertThat(p.root().resolve("target/sync/crm/dry_run.csv")).exists();
        assertThat(p.root().resolve("target/sync/crm/sent.csv")).doesNotExist();
    }

    @Test
    void aDisabledExposureIsNeverRun() {
        TempProject p = shop("error").file("seeds/users.csv", "user_id,email\n1,a@x.io\n");
        env.put("CRM_ON", "false");
        try (Kiln kiln = load(p)) {
            RunResults r = kiln.build(Selection.ALL);
            assertThat(r.results().stream().map(NodeResult::uniqueId)).doesNotContain("exposure.shop.crm");
            assertThat(kiln.sync(Selection.ALL, false).results()).isEmpty();
        }
    }
}
