package dev.kiln;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** kiln.yml's airflow: and alerts: sections, and the retries node config. */
class OperationsConfigTest {

    @TempDir
    Path dir;

    private ProjectConfig load(String kilnYml, Map<String, String> env) {
        TempProject p = TempProject.create(dir, "shop", "ansi").file("kiln.yml", kilnYml)
                .file("models/a.sql", "<@config retries=5 />\nselect 1 as x\n");
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).env(env::get).load()) {
            assertThat(kiln.compile().node("model.shop.a").orElseThrow().config().string("retries")).contains("5");
            return kiln.project().config();
        }
    }

    @Test
    void theSectionsAreReadWithEnvVarsAndDefaults() {
        ProjectConfig c = load("""
                name: shop
                models:
                  +retries: 2
                airflow:
                  schedule: '@daily'
                  retries: 4
                  catchup: true
                  ecs:
                    cluster: "${env_var('CLUSTER')}"
                    subnets: subnet-a, subnet-b
                alerts:
                  - webhook: "${env_var('HOOK')}"
                  - {webhook: "https://example.test/always", when: always}
                  - webhook: "${env_var('UNSET_HOOK', '')}"
                targets:
                  dev: {type: ansi}
                """, Map.of("CLUSTER", "analytics", "HOOK", "https://hooks.slack.test/services/T/B/secret"));
        AirflowConfig a = c.airflow();
        assertThat(a.schedule()).isEqualTo("@daily");
        assertThat(a.retries()).isEqualTo(4);
        assertThat(a.retryDelay()).isEqualTo(300);
        assertThat(a.catchup()).isTrue();
        assertThat(a.groupBy()).isEqualTo("node");
        assertThat(a.dagId()).isNull();
        assertThat(a.ecs().cluster()).isEqualTo("analytics");
        assertThat(a.ecs().subnets()).containsExactly("subnet-a", "subnet-b");
        assertThat(a.ecs().taskDefinition()).isNull();
        // the empty webhook is an alert turned off
        assertThat(c.alerts()).hasSize(2);
        assertThat(c.alerts().get(0).webhook()).endsWith("/secret");
        assertThat(c.alerts().get(0).always()).isFalse();
        assertThat(c.alerts().get(1).always()).isTrue();
        assertThat(c.alerts().get(0).position().line()).isEqualTo(12);
        assertThat(c.toString()).doesNotContain("secret");
    }

    @Test
    void withoutTheSectionsTheDefaultsApply() {
        ProjectConfig c = load("name: shop\ntargets:\n  dev: {type: ansi}\n", Map.of());
        assertThat(c.airflow()).isEqualTo(AirflowConfig.DEFAULTS);
        assertThat(c.alerts()).isEmpty();
    }

    @Test
    void mistakesAreReportedAtTheirKeyWithoutEchoingTheWebhook() {
        assertThatThrownBy(() -> load("""
                name: shop
                airflow:
                  retries: many
                  dag_id: "my dag"
                  ecs: {clustr: x}
                alerts:
                  - {webhook: "ftp://secret-host/x", when: sometimes}
                  - {when: always}
                targets:
                  dev: {type: ansi}
                """, Map.of())).isInstanceOfSatisfying(KilnException.class, e -> {
            assertThat(e.diagnostics()).extracting(d -> d.position().line() + ":" + d.message())
                    .anySatisfy(m -> assertThat(m).startsWith("3:").contains("retries must be a whole number"))
                    .anySatisfy(m -> assertThat(m).startsWith("4:").contains("dag_id 'my dag'"))
                    .anySatisfy(m -> assertThat(m).startsWith("5:").contains("Unknown key 'clustr'"))
                    .anySatisfy(m -> assertThat(m).startsWith("7:").contains("when 'sometimes'"))
                    .anySatisfy(m -> assertThat(m).startsWith("7:").contains("webhook must be an http:// or https:// URL"))
                    .anySatisfy(m -> assertThat(m).startsWith("8:").contains("missing 'webhook'"));
            assertThat(e.getMessage()).doesNotContain("secret-host");
            e.diagnostics().forEach(d -> assertThat(d.message() + d.hint()).doesNotContain("secret-host"));
        });
    }

    @Test
    void aRetriesConfigThatIsNoNumberIsAnErrorAtTheModel() {
        TempProject p = TempProject.create(dir, "shop", "ansi")
                .file("models/a.sql", "<@config retries='often' />\nselect 1 as x\n");
        assertThatThrownBy(() -> {
            try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
                kiln.compile();
            }
        }).isInstanceOfSatisfying(KilnException.class, e -> assertThat(e.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.position().file().toString()).isEqualTo("models/a.sql");
            assertThat(d.message()).contains("retries 'often'");
        }));
    }
}
