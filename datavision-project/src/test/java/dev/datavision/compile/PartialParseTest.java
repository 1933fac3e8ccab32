package dev.datavision.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datavision.ProjectCopy;
import dev.kiln.Exposure;
import dev.kiln.Kiln;
import dev.kiln.KilnListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DataVision gets partial parsing (its YAML reads credentials with {@code env_var()}: the app database's
 * password, the marketing API's token, the API keys; HubSpot's access token when its sync is on), and none of
 * those values reaches {@code target/partial_parse.bin} or its delta.
 */
class PartialParseTest {

    private static final Map<String, String> ENV = Map.of(
            "DATAVISION_APP_DB_PASSWORD", "app-db-password-5f1e2d",
            "DATAVISION_MARKETING_TOKEN", "marketing-token-7a8b9c",
            "HUBSPOT_ACCESS_TOKEN", "pat-na1-0b1c2d3e-hubspot",
            "DATAVISION_API_KEYS", "api-key-one-111111,api-key-two-222222");

    @TempDir
    Path dir;

    @Test
    void dataVisionIsReusedAndKeepsNoCredentialInTheCache() throws IOException {
        Path project = ProjectCopy.definition(dir.resolve("datavision"));
        assertThat(compile(project)).isEqualTo("full");
        assertThat(project.resolve("target/partial_parse.bin")).exists();
        assertNoSecret(project.resolve("target"));

        assertThat(compile(project)).as("nothing changed").isEqualTo("unchanged");

        Path model = firstModel(project);
        Files.writeString(model, Files.readString(model) + "\n-- an edit\n");
        assertThat(compile(project)).as("one model edited").isEqualTo("edited");
        assertNoSecret(project.resolve("target"));
        assertThat(compile(project)).isEqualTo("unchanged");
    }

    private static String compile(Path project) {
        List<String> stages = new ArrayList<>();
        KilnListener listener = new KilnListener() {
            @Override
            public void stageFinished(String stage, Duration elapsed) {
                stages.add(stage);
            }
        };
        try (Kiln kiln = Kiln.configure().projectDir(project).env(ENV::get).listener(listener).load()) {
            kiln.compile();
            Exposure api = kiln.project().exposures().values().stream()
                    .filter(e -> e.name().equals("segmentation_api")).findFirst().orElseThrow();
            assertThat(((Map<?, ?>) api.serve().get("auth")).get("api_keys")).as("the API keys, read back from the environment")
                    .isEqualTo(ENV.get("DATAVISION_API_KEYS"));
        }
        String load = stages.stream().filter(s -> s.startsWith("load")).findFirst().orElseThrow();
        return load.contains("unchanged") ? "unchanged" : load.contains("edited") ? "edited" : "full";
    }

    private static void assertNoSecret(Path target) throws IOException {
        for (String name : List.of("partial_parse.bin", "partial_parse.delta.bin", "partial_parse.head")) {
            Path f = target.resolve(name);
            if (Files.exists(f)) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (Map.Entry<String, String> e : ENV.entrySet()) {
                    if (e.getValue().length() >= 6) {
                        assertThat(bytes).as("%s holds %s's value", name, e.getKey()).doesNotContain(e.getValue());
                    }
                }
            }
        }
    }

    private static Path firstModel(Path project) throws IOException {
        try (Stream<Path> s = Files.walk(project.resolve("models/analytics"))) {
            return s.filter(p -> p.toString().endsWith(".sql")).sorted().findFirst().orElseThrow();
        }
    }

}
