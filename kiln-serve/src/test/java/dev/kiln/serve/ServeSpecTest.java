package dev.kiln.serve;

import dev.kiln.Diagnostic;
import dev.kiln.KilnException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.kiln.serve.Fixture.endpoint;
import static dev.kiln.serve.Fixture.exposure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeSpecTest {

    @Test
    void readsEndpointsKeysAndCors() {
        ServeSpec spec = ServeSpec.of(exposure("api", Map.of(
                "auth", Map.of("api_keys", " k1, ,k2 "),
                "cors", Map.of("allow_origins", List.of("https://app.example"), "max_age_seconds", 60),
                "endpoints", List.of(
                        endpoint("/users/{user_id}/segment", "segments", "description", "A user's segment."),
                        endpoint("/segments/{segment}/users", "segments", "page_size", 50,
                                "columns", List.of("user_id"), "filter", Map.of("is_paying", true))))));
        assertThat(spec.apiKeys()).containsExactly("k1", "k2");
        assertThat(spec.secured()).isTrue();
        assertThat(spec.cors().allow("https://app.example")).isEqualTo("https://app.example");
        assertThat(spec.cors().allow("https://evil.example")).isNull();
        assertThat(spec.cors().maxAgeSeconds()).isEqualTo(60);
        assertThat(spec.endpoints()).hasSize(2);
        ServeSpec.Endpoint second = spec.endpoints().get(1);
        assertThat(second.path().parameters()).containsExactly("segment");
        assertThat(second.pageSize()).isEqualTo(50);
        assertThat(second.columns()).containsExactly("user_id");
        assertThat(second.filter()).containsEntry("is_paying", "true");
        assertThat(spec.endpoints().get(0).pageSize()).isEqualTo(ServeSpec.DEFAULT_PAGE_SIZE);
    }

    @Test
    void emptyKeysLeaveTheApiOpen() {
        ServeSpec spec = ServeSpec.of(exposure("api", Map.of("auth", Map.of("api_keys", ""),
                "endpoints", List.of(endpoint("/things", "segments")))));
        assertThat(spec.secured()).isFalse();
        assertThat(spec.cors().allowOrigins()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtItsLine() {
        var e = exposure("api", Map.of(
                "endpoint", List.of(),
                "endpoints", List.of(
                        endpoint("users/{user_id}", "segments"),
                        endpoint("/a/{x}", "segments", "page_size", 0),
                        endpoint("/a/{y}", "", "colour", "red"),
                        endpoint("/health", "segments"))),
                "serve.endpoint", "serve.endpoints[0].path", "serve.endpoints[1].page_size",
                "serve.endpoints[2].path", "serve.endpoints[2].model", "serve.endpoints[2].colour",
                "serve.endpoints[3].path");
        assertThatThrownBy(() -> ServeSpec.of(e)).isInstanceOfSatisfying(KilnException.class, ex -> {
            List<String> lines = ex.diagnostics().stream().map(Diagnostic::format).toList();
            assertThat(ex.diagnostics()).extracting(d -> d.position().line()).contains(10, 11, 12, 14, 15, 16);
            assertThat(String.join("\n", lines))
                    .contains("Unknown key 'endpoint'", "Did you mean 'endpoints'?")
                    .contains("a path starts with '/'")
                    .contains("page_size '0'")
                    .contains("needs 'model'")
                    .contains("Unknown key 'colour'")
                    .contains("answered by the server itself")
                    .contains("models/api.yml:11:7");
        });
    }

    @Test
    void pathsThatCouldMatchTheSameRequestClash() {
        var e = exposure("api", Map.of("endpoints", List.of(endpoint("/users/{user_id}", "segments"),
                endpoint("/users/{id}", "segments"))), "serve.endpoints[1].path");
        assertThatThrownBy(() -> ServeSpec.of(e)).isInstanceOfSatisfying(KilnException.class, ex ->
                assertThat(ex.diagnostics().get(0).format()).contains("clashes with '/users/{user_id}'", "api.yml:10:7"));
    }

    @Test
    void aMissingServeBlockSaysSo() {
        assertThatThrownBy(() -> ServeSpec.of(exposure("docs_only", null)))
                .isInstanceOfSatisfying(KilnException.class, ex ->
                        assertThat(ex.diagnostics().get(0).message()).contains("has no serve: block"));
    }

    @Test
    void pathTemplatesMatchWholeSegments() {
        PathTemplate t = PathTemplate.parse("/users/{user_id}/segment");
        assertThat(t.match(List.of("users", "42", "segment"))).containsEntry("user_id", "42");
        assertThat(t.match(List.of("users", "42"))).isNull();
        assertThat(t.match(List.of("users", "", "segment"))).isNull();
        assertThatThrownBy(() -> PathTemplate.parse("/users/x{id}")).hasMessageContaining("whole {column}");
        assertThatThrownBy(() -> PathTemplate.parse("/a/{id}/{id}")).hasMessageContaining("twice");
    }
}
