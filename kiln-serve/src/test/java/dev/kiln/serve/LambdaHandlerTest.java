package dev.kiln.serve;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static dev.kiln.serve.Fixture.endpoint;
import static dev.kiln.serve.Fixture.exposure;
import static org.assertj.core.api.Assertions.assertThat;

/** API Gateway HTTP API (payload 2.0) events, as the Lambda runtime hands them over, through the same handler. */
class LambdaHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ServeApp app;
    static LambdaHandler lambda;

    @BeforeAll
    static void open() throws Exception {
        Path db = Fixture.database(dir);
        ServeSpec spec = ServeSpec.of(exposure("api", Map.of(
                "auth", Map.of("api_keys", "k-123"),
                "endpoints", List.of(endpoint("/users/{user_id}/segment", "segments"),
                        endpoint("/segments/{segment}/users", "segments", "page_size", 200)))));
        app = ServeApp.open(List.of(spec), Fixture.models(), Fixture.source(dir, db), "Test", "1");
        lambda = new LambdaHandler(app.handler());
    }

    @AfterAll
    static void close() {
        app.close();
    }

    private static Map<String, Object> event(String name) throws Exception {
        try (InputStream in = LambdaHandlerTest.class.getResourceAsStream("/lambda/" + name)) {
            return JSON.readValue(in, new TypeReference<Map<String, Object>>() { });
        }
    }

    @Test
    void aKeyLookupEvent() throws Exception {
        Map<String, Object> out = lambda.handleRequest(event("get-user-segment.json"));
        assertThat(out.get("statusCode")).isEqualTo(200);
        assertThat(out.get("isBase64Encoded")).isEqualTo(false);
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) out.get("headers");
        assertThat(headers).containsEntry("Content-Type", "application/json").containsKey("ETag");
        JsonNode n = JSON.readTree((String) out.get("body"));
        assertThat(n.get("user_id").asLong()).isEqualTo(42);
        assertThat(n.get("segment").asText()).isEqualTo("champions");
        // the response document serialises as the runtime would send it back
        assertThat(JSON.writeValueAsString(out)).contains("\"statusCode\":200");
    }

    @Test
    void aStagePrefixedListEventWithGzip() throws Exception {
        Map<String, Object> out = lambda.handleRequest(event("list-segment-users-stage.json"));
        assertThat(out.get("statusCode")).isEqualTo(200);
        assertThat(out.get("isBase64Encoded")).isEqualTo(true);
        byte[] zipped = Base64.getDecoder().decode((String) out.get("body"));
        JsonNode n = JSON.readTree(new GZIPInputStream(new ByteArrayInputStream(zipped)).readAllBytes());
        assertThat(n.get("data")).hasSize(20).allSatisfy(row -> {
            assertThat(row.get("segment").asText()).isEqualTo("champions");
            assertThat(row.get("is_paying").asBoolean()).isTrue();
        });
        assertThat(n.get("next").asText()).isNotBlank();
    }

    @Test
    void anEventWithoutAKeyIs401() throws Exception {
        Map<String, Object> out = lambda.handleRequest(event("no-key.json"));
        assertThat(out.get("statusCode")).isEqualTo(401);
        assertThat(JSON.readTree((String) out.get("body")).at("/error/message").asText()).contains("Bearer");
    }

    @Test
    void theEnvironmentNamesTheProject() {
        LambdaEnvironment env = LambdaEnvironment.fromEnvironment(Map.of("LAMBDA_TASK_ROOT", "/var/task",
                "KILN_TARGET", "prod", "KILN_EXPOSURES", "segmentation_api, other"));
        assertThat(env.projectDir()).isEqualTo(Path.of("/var/task/project"));
        assertThat(env.target()).isEqualTo("prod");
        assertThat(env.exposures()).containsExactly("segmentation_api", "other");
    }
}
