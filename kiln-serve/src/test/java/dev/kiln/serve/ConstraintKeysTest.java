package dev.kiln.serve;

import dev.kiln.Kiln;
import dev.kiln.NodeStatus;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.kiln.serve.Fixture.endpoint;
import static dev.kiln.serve.Fixture.exposure;
import static org.assertj.core.api.Assertions.assertThat;

/** dbt {@code constraints:} (primary_key, unique) make a path that binds their columns a one-row endpoint. */
class ConstraintKeysTest {

    @TempDir
    Path dir;

    private Kiln project(String constraints) {
        TempProject.create(dir, "shop", "duckdb")
                .file("models/plans.sql", """
                        <@config materialized="table" />
                        select i::bigint as plan_id, 'p' || i as code, i % 2 as tier from range(1, 6) t(i)
                        """)
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: plans
                        %s
                        """.formatted(constraints.indent(4).stripTrailing()));
        try (Kiln builder = Kiln.configure().projectDir(dir).load()) {
            assertThat(builder.build(Selection.ALL).results()).allMatch(r -> r.status() == NodeStatus.SUCCESS);
        }
        return Kiln.configure().projectDir(dir).load(); // a build's session holds the file: serve from another
    }

    private static String body(ApiResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aModelLevelPrimaryKeyMakesOneRowEndpoints() {
        try (Kiln kiln = project("""
                constraints:
                  - {type: primary_key, columns: [plan_id]}
                  - {type: check, expression: "tier >= 0"}
                """);
             ServeApp app = ServeApp.open(kiln, List.of(exposure("api", Map.of("endpoints", List.of(
                     endpoint("/plans/{plan_id}", "plans"), endpoint("/tiers/{tier}", "plans"))))))) {
            assertThat(app.describeEndpoints()).containsExactly("GET /plans/{plan_id} → plans (one row)",
                    "GET /tiers/{tier} → plans (pages of 100)");
            ApiResponse one = app.handler().handle(Fixture.get("/plans/3"));
            assertThat(one.status()).isEqualTo(200);
            assertThat(body(one)).isEqualTo("{\"plan_id\":3,\"code\":\"p3\",\"tier\":1}");
            assertThat(app.handler().handle(Fixture.get("/plans/99")).status()).isEqualTo(404);
            assertThat(body(app.handler().handle(Fixture.get("/tiers/1")))).startsWith("{\"data\":[");
        }
    }

    @Test
    void aColumnLevelUniqueConstraintMakesOneRowEndpoints() {
        try (Kiln kiln = project("""
                columns:
                  - name: code
                    constraints: [{type: not_null}, {type: unique}]
                  - name: tier
                    constraints: [{type: not_null}]
                """);
             ServeApp app = ServeApp.open(kiln, List.of(exposure("api", Map.of("endpoints", List.of(
                     endpoint("/plans/by-code/{code}", "plans"), endpoint("/tiers/{tier}", "plans"))))))) {
            assertThat(kiln.project().refable("plans").orElseThrow().docs().constraints())
                    .extracting(c -> c.type() + c.columns()).containsExactly("not_null[code]", "unique[code]", "not_null[tier]");
            assertThat(app.describeEndpoints()).containsExactly("GET /plans/by-code/{code} → plans (one row)",
                    "GET /tiers/{tier} → plans (pages of 100)");
            assertThat(body(app.handler().handle(Fixture.get("/plans/by-code/p2")))).isEqualTo(
                    "{\"plan_id\":2,\"code\":\"p2\",\"tier\":0}");
        }
    }
}
