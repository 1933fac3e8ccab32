package dev.kiln.internal.state;

import dev.kiln.internal.util.Checksums;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreviousManifestTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsWhatTheWriterRecorded() throws IOException {
        TempProject p = TempProject.create(dir, "shop", "ansi")
                .file("models/a.sql", "<@config materialized='table' tags=['x'] meta={'owner': 'bi'} />select 1 as id\n")
                .file("models/b.sql", "select * from ${ref('a')}\n")
                .file("models/schema.yml", """
                        version: 2
                        sources:
                          - name: raw
                            tables: [{name: t}]
                        models:
                          - name: b
                            config: {partitions_limit: 3, meta: {ratio: 0.5}}
                            columns:
                              - name: id
                                data_tests: [unique]
                        """)
                .file("models/c.sql", "<@config materialized='ephemeral' />select * from ${source('raw', 't')}\n");
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            kiln.compile();
        }
        PreviousManifest m = PreviousManifest.read(dir.resolve("target"));
        assertThat(m.uniqueIds()).containsExactlyInAnyOrder("model.shop.a", "model.shop.b", "model.shop.c",
                "test.shop.unique_b_id");
        PreviousManifest.NodeState a = m.node("model.shop.a").orElseThrow();
        assertThat(a.checksum()).isEqualTo(Checksums.sha256(Files.readAllBytes(dir.resolve("models/a.sql"))));
        assertThat(a.config()).containsEntry("materialized", "table");
        assertThat(a.config().get("tags")).asList().containsExactly("x");
        assertThat(a.relation()).isEqualTo(new PreviousManifest.RecordedRelation(null, "main", "a", "\"main\".\"a\""));
        assertThat(a.relation().toRelation()).isEqualTo(dev.kiln.Relation.of("main", "a"));
        assertThat(m.file()).isEqualTo(dir.resolve("target/manifest.json"));
        assertThat(a.dependsOn()).isEmpty();
        PreviousManifest.NodeState b = m.node("model.shop.b").orElseThrow();
        assertThat(b.dependsOn()).containsExactly("model.shop.a");
        assertThat(b.config()).containsEntry("partitions_limit", 3).containsEntry("meta", java.util.Map.of("ratio", 0.5));
        PreviousManifest.NodeState c = m.node("model.shop.c").orElseThrow();
        assertThat(c.relation()).isNull();
        assertThat(c.dependsOn()).containsExactly("source.shop.raw.t");
        assertThat(m.node("test.shop.unique_b_id").orElseThrow().dependsOn()).containsExactly("model.shop.b");
        assertThat(m.node("source.shop.raw.t")).isEmpty();
    }

    @Test
    void readsADbtManifest() throws IOException {
        Files.writeString(dir.resolve("manifest.json"), """
                {"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json", "dbt_version": "1.9.0"},
                 "nodes": {
                   "model.jaffle.customers": {
                     "database": "db", "schema": "main", "name": "customers", "resource_type": "model",
                     "unique_id": "model.jaffle.customers", "raw_code": "select 1",
                     "checksum": {"name": "sha256", "checksum": "abc"},
                     "config": {"enabled": true, "materialized": "view", "tags": [], "meta": {}, "docs": {"show": true}},
                     "relation_name": "\\"db\\".\\"main\\".\\"customers\\"",
                     "depends_on": {"macros": ["macro.dbt.run_query"], "nodes": ["model.jaffle.stg_customers", "source.jaffle.raw.x"]},
                     "columns": {"id": {"name": "id"}}, "compiled": true
                   },
                   "seed.jaffle.raw": {"resource_type": "seed", "checksum": {"name": "path", "checksum": "seeds/raw.csv"}, "relation_name": null}
                 },
                 "sources": {}, "parent_map": {}, "child_map": {}}
                """);
        PreviousManifest m = PreviousManifest.read(dir);
        PreviousManifest.NodeState n = m.node("model.jaffle.customers").orElseThrow();
        assertThat(n.checksum()).isEqualTo("abc");
        assertThat(n.config()).containsEntry("materialized", "view").containsKey("docs");
        // no alias recorded: the name is the identifier
        assertThat(n.relation()).isEqualTo(new PreviousManifest.RecordedRelation("db", "main", "customers",
                "\"db\".\"main\".\"customers\""));
        assertThat(n.dependsOn()).containsExactly("model.jaffle.stg_customers", "source.jaffle.raw.x");
        PreviousManifest.NodeState seed = m.node("seed.jaffle.raw").orElseThrow();
        assertThat(seed.checksum()).isEqualTo("seeds/raw.csv");
        assertThat(seed.relation()).isNull();
        assertThat(seed.config()).isEmpty();
        assertThat(seed.dependsOn()).isEmpty();
    }

    @Test
    void missingFileIsAUsageError() {
        assertUsage(dir, "file not found");
    }

    @Test
    void truncatedManifestIsAUsageError() throws IOException {
        Files.writeString(dir.resolve("manifest.json"), "{\"metadata\": {}, \"nodes\": {\"model.a.b\": {\"checksum\": ");
        assertUsage(dir, "invalid JSON at line 1");
    }

    @Test
    void otherJsonIsAUsageError() throws IOException {
        Files.writeString(dir.resolve("manifest.json"), "[1, 2]");
        assertUsage(dir, "expected a JSON object");
        Files.writeString(dir.resolve("manifest.json"), "{\"results\": []}");
        assertUsage(dir, "no 'nodes' object");
        Files.writeString(dir.resolve("manifest.json"), "{\"nodes\": []}");
        assertUsage(dir, "'nodes' is not an object");
        Files.writeString(dir.resolve("manifest.json"), "{\"nodes\": {\"x\": 1}}");
        assertUsage(dir, "node 'x' is not an object");
        Files.writeString(dir.resolve("manifest.json"), "{\"nodes\": {}} {}");
        assertUsage(dir, "unexpected content");
    }

    private static void assertUsage(Path dir, String what) {
        assertThatThrownBy(() -> PreviousManifest.read(dir)).isInstanceOfSatisfying(KilnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(e.getMessage()).startsWith(dir.resolve("manifest.json") + ": not a Kiln/dbt manifest (")
                    .contains(what);
        });
    }
}
