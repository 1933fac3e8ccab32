package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class ParseCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheManifestAndPerfInfoWithoutTheWarehouse() throws Exception {
        Warehouse.shop(dir);
        CliRun run = kiln("parse", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Parsed ").contains("manifest.json").contains("perf_info.json");
        assertThat(dir.resolve("target/manifest.json")).exists();
        assertThat(Warehouse.database(dir)).doesNotExist(); // no connection was made
        JsonNode perf = new ObjectMapper().readTree(dir.resolve("target/perf_info.json").toFile());
        assertThat(perf.path("path_count").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(perf.path("load_all_elapsed").asDouble()).isPositive();
        assertThat(perf.path("stages").has("load_elapsed")).isTrue();
        assertThat(perf.path("stages").has("render_elapsed")).isTrue();
        assertThat(perf.path("counts").path("model").asInt()).isEqualTo(3);
    }

    @Test
    void aBrokenProjectExitsTwoAtTheFileAndLine() {
        Warehouse.shop(dir).file("models/broken.sql", "select * from ${ref('no_such_model')}\n");
        CliRun run = kiln("parse", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("models/broken.sql:1:").contains("no_such_model");
    }
}
