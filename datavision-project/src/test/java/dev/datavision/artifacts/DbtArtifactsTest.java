package dev.datavision.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datavision.ProjectCopy;
import dev.datavision.raw.GenerationListener;
import dev.datavision.raw.GeneratorConfig;
import dev.datavision.raw.RawDataGenerator;
import dev.kiln.Kiln;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.DbtSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DataVision's artifacts, after a build from a small simulated raw layer, validate against dbt's published JSON
 * schemas (manifest v12, run_results v6, sources v3): the dbt ecosystem can read what DataVision's runs write.
 */
class DbtArtifactsTest {

    private static final String LOADS = "source:app+ source:marketing+ source:logs+";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void manifestRunResultsAndSourcesOfABuildValidate() throws Exception {
        Path project = ProjectCopy.definition(dir.resolve("datavision"));
        new RawDataGenerator(GeneratorConfig.of(project.resolve("data/raw")).withScale(300),
                new GenerationListener() { }).generate();
        try (Kiln kiln = Kiln.configure().projectDir(project).vars(Map.of("raw_layer", "export"))
                .env(name -> null).load()) {
            RunResults results = kiln.build(Selection.ALL.excluding(LOADS));
            assertThat(results.results()).hasSizeGreaterThan(50);
            kiln.sourceFreshness(Selection.ALL);
        }
        Path target = project.resolve("target");
        assertThat(DbtSchemas.MANIFEST.violations(target.resolve("manifest.json"))).isEmpty();
        assertThat(DbtSchemas.RUN_RESULTS.violations(target.resolve("run_results.json"))).isEmpty();
        assertThat(DbtSchemas.SOURCES.violations(target.resolve("sources.json"))).isEmpty();

        JsonNode manifest = JSON.readTree(target.resolve("manifest.json").toFile());
        assertThat(manifest.at("/metadata/dbt_schema_version").asText()).isEqualTo(DbtSchemas.MANIFEST.url());
        assertThat(manifest.at("/metadata/project_name").asText()).isEqualTo("datavision");
        // every kind DataVision has is there: models, seeds, snapshots, tests, sources, exposures, unit tests
        List<String> kinds = Stream.of("model.", "seed.", "snapshot.", "test.")
                .filter(k -> iterate(manifest.get("nodes")).anyMatch(id -> id.startsWith(k))).toList();
        assertThat(kinds).containsExactly("model.", "seed.", "snapshot.", "test.");
        assertThat(manifest.get("sources").size()).isPositive();
        assertThat(manifest.get("exposures").size()).isPositive();
    }

    private static Stream<String> iterate(JsonNode object) {
        Stream.Builder<String> ids = Stream.builder();
        object.fieldNames().forEachRemaining(ids::add);
        return ids.build();
    }


}
