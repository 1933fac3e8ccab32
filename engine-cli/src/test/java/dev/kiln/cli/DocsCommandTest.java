package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kiln docs generate}, {@code kiln docs serve} and {@code kiln catalog} from the command line. */
class DocsCommandTest {

    @TempDir
    Path dir;

    @Test
    void generateWritesTheSiteAndTheCatalogCatalogAloneTheCatalog() throws Exception {
        TempProject.create(dir, "d", "duckdb")
                .file("seeds/plans.csv", "id,name\n1,free\n2,premium\n")
                .file("models/plan_names.sql", "<@config materialized=\"table\" />\nselect id, upper(name) as name from ${ref('plans')}\n");
        CliRun build = CliRun.kiln("--project-dir", dir.toString(), "build");
        assertThat(build.exitCode()).as(build.toString()).isZero();

        CliRun docs = CliRun.kiln("--project-dir", dir.toString(), "docs", "generate");
        assertThat(docs.exitCode()).as(docs.toString()).isZero();
        assertThat(docs.out()).contains("Catalog: 2 nodes and 0 sources found in the warehouse", "Docs site: 2 nodes",
                "target/docs/index.html");
        assertThat(dir.resolve("target/docs/index.html")).exists();
        assertThat(dir.resolve("target/docs/lib/cytoscape.min.js")).exists();

        java.nio.file.Files.delete(dir.resolve("target/catalog.json"));
        CliRun catalog = CliRun.kiln("--project-dir", dir.toString(), "catalog");
        assertThat(catalog.exitCode()).as(catalog.toString()).isZero();
        JsonNode c = new ObjectMapper().readTree(dir.resolve("target/catalog.json").toFile());
        assertThat(c.path("nodes").path("model.d.plan_names").path("stats").path("row_count").path("value").asInt()).isEqualTo(2);
        assertThat(c.path("nodes").path("model.d.plan_names").path("columns").path("name").path("type").asText()).isEqualTo("VARCHAR");
    }

    @Test
    void mistakesSayWhatToDo() {
        TempProject.create(dir, "d", "duckdb").file("models/one.sql", "select 1 as x\n");
        CliRun bare = CliRun.kiln("--project-dir", dir.toString(), "docs");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("kiln docs generate, or kiln docs serve");
        CliRun notGenerated = CliRun.kiln("--project-dir", dir.toString(), "docs", "serve", "--port", "0");
        assertThat(notGenerated.exitCode()).as(notGenerated.toString()).isEqualTo(2);
        assertThat(notGenerated.err()).contains("Run kiln docs generate first");
        CliRun badPort = CliRun.kiln("--project-dir", dir.toString(), "docs", "serve", "--port", "70000");
        assertThat(badPort.exitCode()).isEqualTo(2);
        assertThat(badPort.err()).contains("--port must be from 0 to 65535");
        CliRun empty = CliRun.kiln("--project-dir", dir.toString(), "docs", "generate", "--empty-catalog");
        assertThat(empty.exitCode()).as(empty.toString()).isZero();
        assertThat(empty.out()).contains("Catalog: 0 nodes");
    }
}
