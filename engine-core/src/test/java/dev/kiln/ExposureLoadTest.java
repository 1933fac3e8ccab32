package dev.kiln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ExposureLoadTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private TempProject shop() {
        return TempProject.create(dir, "shop", "ansi")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            tables:
                              - name: orders
                        """)
                .file("models/stg_orders.sql", "select * from ${source('raw', 'orders')}\n")
                .file("models/orders_by_day.sql", "select count(*) as n from ${ref('stg_orders')}\n")
                .file("models/unrelated.sql", "select 1 as x\n")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: orders_by_day
                            columns:
                              - name: n
                                data_tests: [not_null]
                        """);
    }

    private static final String EXPOSURES = """
            version: 2
            exposures:
              - name: weekly_kpis
                label: Weekly KPIs
                type: dashboard
                maturity: high
                url: https://bi.example/kpis
                description: >
                  The business's weekly numbers.
                owner: {name: Finance, email: finance@example.com}
                depends_on:
                  - ref('orders_by_day')
                  - source('raw', 'orders')
                tags: [finance]
                meta: {team: fin}
                config: {enabled: "${env_var('KPIS_ON', 'true')}", tags: [weekly]}
                sync:
                  to: test_file
                  model: orders_by_day
                  reject: "x"
              - name: crm_push
                type: application
                depends_on: ["ref('stg_orders')"]
                config: {enabled: "${env_var('CRM_ON', 'false')}"}
                sync:
                  to: test_file
                  model: stg_orders
                  token: "${env_var('CRM_TOKEN')}"
            """;

    private Kiln load(TempProject p) {
        return Kiln.configure().projectDir(p.root()).env(env::get).load();
    }

    @Test
    void readsDbtFieldsAndKilnBlocks() {
        TempProject p = shop().file("models/exposures.yml", EXPOSURES);
        try (Kiln kiln = load(p)) {
            Exposure e = kiln.project().exposure("weekly_kpis").orElseThrow();
            assertThat(e.uniqueId()).isEqualTo("exposure.shop.weekly_kpis");
            assertThat(e.label()).isEqualTo("Weekly KPIs");
            assertThat(e.type()).isEqualTo("dashboard");
            assertThat(e.maturity()).isEqualTo("high");
            assertThat(e.url()).isEqualTo("https://bi.example/kpis");
            assertThat(e.description()).isEqualTo("The business's weekly numbers.");
            assertThat(e.owner()).isEqualTo(new Exposure.Owner("Finance", "finance@example.com"));
            assertThat(e.dependsOn()).containsExactly("model.shop.orders_by_day", "source.shop.raw.orders");
            assertThat(e.tags()).containsExactly("finance", "weekly");
            assertThat(e.meta()).containsEntry("team", "fin");
            assertThat(e.enabled()).isTrue();
            assertThat(e.runnable()).isTrue();
            assertThat(e.sync()).containsEntry("to", "test_file").containsEntry("reject", "x");
            assertThat(e.report()).isNull();
            assertThat(e.positionOf("sync.reject").toString()).isEqualTo("models/exposures.yml:20:7");
            assertThat(e.positionOf("sync.to")).isEqualTo(new SourcePosition(Path.of("models/exposures.yml"), 18, 7));
            assertThat(e.origin().path()).isEqualTo(Path.of("models/exposures.yml"));
            Exposure crm = kiln.project().exposure("crm_push").orElseThrow();
            // off by default; its unset token is not an error while it is off
            assertThat(crm.enabled()).isFalse();
            assertThat(crm.sync()).containsEntry("to", "test_file");
        }
    }

    @Test
    void envVarSwitchesAnExposureOnAndThenItsVariablesMustBeSet() {
        TempProject p = shop().file("models/exposures.yml", EXPOSURES.replace("to: test_file", "to: nowhere_at_all"));
        env.put("CRM_ON", "TRUE");
        KilnException e = catchThrowableOfType(() -> load(p).close(), KilnException.class);
        assertThat(e.diagnostics()).anySatisfy(d -> {
            assertThat(d.code()).isEqualTo("env-var-unset");
            assertThat(d.message()).contains("CRM_TOKEN");
            assertThat(d.position().toString()).isEqualTo("models/exposures.yml:28:14");
        });
        env.put("CRM_ON", "maybe");
        KilnException bad = catchThrowableOfType(() -> load(p).close(), KilnException.class);
        assertThat(bad.diagnostics()).anySatisfy(d -> {
            assertThat(d.message()).contains("config.enabled of an exposure is 'maybe'");
            assertThat(d.position().toString()).isEqualTo("models/exposures.yml:24:14");
        });
    }

    @Test
    void unknownKeysAndDependenciesOnNothingAreDiagnosticsWithPositions() {
        TempProject p = shop().file("models/exposures.yml", """
                version: 2
                exposures:
                  - name: kpis
                    type: dashbaord
                    owner: {name: X, phone: 123}
                    depends_on: ["ref('orders_by_dy')", "source('raw', 'nope')", "orders"]
                    colour: blue
                """);
        KilnException e = catchThrowableOfType(() -> load(p).close(), KilnException.class);
        List<String> lines = e.diagnostics().stream().map(Diagnostic::format).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("models/exposures.yml:4:11: error: exposure 'kpis' has type 'dashbaord'")
                .contains("Did you mean 'dashboard'?"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("models/exposures.yml:5:22: error: Unknown key 'phone'"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("models/exposures.yml:6:18: error: Exposure 'kpis' depends on "
                + "ref('orders_by_dy'), but there is no model, seed or snapshot 'orders_by_dy'.").contains("orders_by_day"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("models/exposures.yml:6:41: error: Exposure 'kpis' depends on "
                + "source('raw', 'nope')"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("models/exposures.yml:6:66: error: Exposure 'kpis' has 'orders' in depends_on"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("models/exposures.yml:7:5: error: Unknown key 'colour' in an exposure entry"));
    }

    @Test
    void manifestListsExposuresWithTheirParentsAndDisabledOnes() throws Exception {
        TempProject p = shop().file("models/exposures.yml", EXPOSURES);
        try (Kiln kiln = load(p)) {
            kiln.compile();
            JsonNode m = new ObjectMapper().readTree(kiln.targetDir().resolve("manifest.json").toFile());
            JsonNode e = m.get("exposures").get("exposure.shop.weekly_kpis");
            assertThat(e.get("resource_type").asText()).isEqualTo("exposure");
            assertThat(e.get("type").asText()).isEqualTo("dashboard");
            assertThat(e.get("owner").get("email").asText()).isEqualTo("finance@example.com");
            assertThat(e.get("depends_on").get("nodes").toString())
                    .isEqualTo("[\"model.shop.orders_by_day\",\"source.shop.raw.orders\"]");
            assertThat(e.get("refs").get(0).get("name").asText()).isEqualTo("orders_by_day");
            assertThat(e.get("sources").get(0).toString()).isEqualTo("[\"raw\",\"orders\"]");
            assertThat(e.get("original_file_path").asText()).isEqualTo("models/exposures.yml");
            assertThat(m.get("nodes").has("exposure.shop.weekly_kpis")).isFalse();
            assertThat(m.get("parent_map").get("exposure.shop.weekly_kpis").toString())
                    .contains("model.shop.orders_by_day", "source.shop.raw.orders");
            assertThat(m.get("child_map").get("model.shop.orders_by_day").toString()).contains("exposure.shop.weekly_kpis");
            assertThat(m.get("exposures").has("exposure.shop.crm_push")).isFalse();
            assertThat(m.get("disabled").get("exposure.shop.crm_push").get(0).get("name").asText()).isEqualTo("crm_push");
            assertThat(java.nio.file.Files.readString(kiln.targetDir().resolve("manifest.json"))).doesNotContain("token");
        }
    }

    @Test
    void selectionByExposureGraphAndResourceType() {
        TempProject p = shop().file("models/exposures.yml", EXPOSURES);
        env.put("CRM_ON", "true");
        env.put("CRM_TOKEN", "secret");
        try (Kiln kiln = load(p)) {
            assertThat(names(kiln, "exposure:weekly_kpis")).containsExactly("weekly_kpis");
            assertThat(names(kiln, "+exposure:weekly_kpis")) // with the tests on what it reads, as dbt does
                    .containsExactlyInAnyOrder("stg_orders", "orders_by_day", "not_null_orders_by_day_n", "weekly_kpis");
            assertThat(names(kiln, "resource_type:exposure")).containsExactlyInAnyOrder("weekly_kpis", "crm_push");
            assertThat(names(kiln, "exposure:*")).containsExactlyInAnyOrder("weekly_kpis", "crm_push");
            assertThat(names(kiln, "stg_orders+")).contains("crm_push", "weekly_kpis").doesNotContain("unrelated");
        }
    }

    @Test
    void duplicateExposureIsAnError() {
        TempProject p = shop().file("models/exposures.yml", """
                version: 2
                exposures:
                  - {name: a, type: ml}
                  - {name: a, type: ml}
                """);
        KilnException e = catchThrowableOfType(() -> load(p).close(), KilnException.class);
        assertThat(e.describe()).contains("models/exposures.yml:4:5: error: Exposure 'a' is declared twice (also at "
                + "models/exposures.yml:3:5).");
    }

    @Test
    void syncBlocksAreCheckedAgainstTheInstalledDestinations() {
        TempProject p = shop().file("models/exposures.yml", """
                version: 2
                exposures:
                  - name: a
                    type: application
                    sync: {to: test_fil, model: stg_orders}
                  - name: b
                    type: application
                    sync: {to: test_file, model: nope, tokn: x}
                  - name: c
                    type: application
                    config: {enabled: false}
                    sync: {to: not_installed_but_off}
                """);
        KilnException e = catchThrowableOfType(() -> load(p).close(), KilnException.class);
        List<String> lines = e.diagnostics().stream().map(Diagnostic::format).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("models/exposures.yml:5:12: error: The sync: block of exposure 'a' sends to "
                + "'test_fil', but no such destination is installed.").contains("Did you mean 'test_file'?");
        assertThat(lines.get(1)).startsWith("models/exposures.yml:8:27: error: Exposure 'b' reads model 'nope' (sync.model)");
        assertThat(lines.get(2)).startsWith("models/exposures.yml:8:40: error: Unknown key 'tokn' in the sync: block of "
                + "exposure 'b' (to: test_file).").contains("Did you mean 'token'?");
    }

    @Test
    void theSyncedModelIsADependencyEvenWhenDependsOnForgetsIt() {
        TempProject p = shop().file("models/exposures.yml", """
                version: 2
                exposures:
                  - name: a
                    type: application
                    sync: {to: test_file, model: orders_by_day}
                """);
        try (Kiln kiln = load(p)) {
            assertThat(kiln.project().exposure("a").orElseThrow().dependsOn()).containsExactly("model.shop.orders_by_day");
            assertThat(kiln.compile().parents("exposure.shop.a")).containsExactly("model.shop.orders_by_day");
        }
    }

    private static List<String> names(Kiln kiln, String spec) {
        return kiln.list(Selection.parse(spec)).stream().map(CompiledNode::name).toList();
    }
}
