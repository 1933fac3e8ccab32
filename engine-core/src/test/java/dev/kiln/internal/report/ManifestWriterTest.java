package dev.kiln.internal.report;

import dev.kiln.internal.util.Checksums;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TempProject project() {
        return TempProject.create(dir, "shop", "ansi")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            schema: landing
                            tables:
                              - name: users
                                description: Registered users.
                                loaded_at_field: updated_at
                                freshness: {warn_after: {count: 24, period: hour}}
                                columns:
                                  - name: id
                                    data_tests: [not_null]
                        """)
                .file("models/staging/stg_users.sql",
                        "<@config materialized='table' schema='staging' tags=['daily'] />select id as user_id from ${source('raw', 'users')}\n")
                .file("models/staging/schema.yml", """
                        version: 2
                        models:
                          - name: stg_users
                            description: One row per user.
                            columns:
                              - name: user_id
                                description: The user.
                                data_type: integer
                                meta: {pii: false}
                                data_tests:
                                  - accepted_values: {values: [1, 2]}
                        unit_tests:
                          - name: keeps_ids
                            model: stg_users
                            given:
                              - input: source('raw', 'users')
                                rows: [{id: 1}]
                            expect:
                              rows: [{user_id: 1}]
                        """)
                .file("models/marts/dim_users.sql", "select * from ${ref('stg_users')} join ${ref('plans')} using (plan)\n")
                .file("models/marts/old.sql", "<@config enabled=false />select 1\n")
                .file("seeds/plans.csv", "plan\nfree\n")
                .file("macros/money.ftl", "<#function cents_to_dollars col>\n<#return col + ' / 100'>\n</#function>\n");
    }

    private JsonNode compileAndRead(TempProject p) throws IOException {
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            kiln.compile();
        }
        return JSON.readTree(dir.resolve("target/manifest.json").toFile());
    }

    @Test
    void metadataAndTopLevelKeysInDbtOrder() throws IOException {
        JsonNode m = compileAndRead(project());
        List<String> keys = new ArrayList<>();
        m.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("metadata", "nodes", "sources", "macros", "docs", "exposures", "metrics",
                "groups", "selectors", "disabled", "parent_map", "child_map", "group_map", "saved_queries",
                "semantic_models", "unit_tests");
        JsonNode meta = m.get("metadata");
        assertThat(meta.get("dbt_schema_version").asText()).isEqualTo("https://schemas.getdbt.com/dbt/manifest/v12.json");
        assertThat(meta.get("dbt_version").asText()).isEqualTo(Kiln.VERSION);
        assertThat(meta.get("project_name").asText()).isEqualTo("shop");
        assertThat(meta.get("env").get("KILN_TARGET").asText()).isEqualTo("dev");
        assertThat(meta.get("env").get("KILN_VERSION").asText()).isEqualTo(Kiln.VERSION);
        assertThat(meta.get("adapter_type").asText()).isEqualTo("ansi");
        assertThat(meta.get("invocation_id").asText()).hasSize(36);
        assertThat(Instant.parse(meta.get("generated_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(Files.readString(dir.resolve("target/manifest.json"))).doesNotContain("\n  ");
        assertThat(dev.kiln.testkit.DbtSchemas.MANIFEST.violations(m)).isEmpty();
    }

    @Test
    void modelEntry() throws IOException {
        JsonNode n = compileAndRead(project()).get("nodes").get("model.shop.stg_users");
        assertThat(n.get("unique_id").asText()).isEqualTo("model.shop.stg_users");
        assertThat(n.get("resource_type").asText()).isEqualTo("model");
        assertThat(n.get("package_name").asText()).isEqualTo("shop");
        assertThat(n.get("path").asText()).isEqualTo("staging/stg_users.sql");
        assertThat(n.get("original_file_path").asText()).isEqualTo("models/staging/stg_users.sql");
        assertThat(n.get("fqn")).extracting(JsonNode::asText).containsExactly("shop", "staging", "stg_users");
        assertThat(n.get("alias").asText()).isEqualTo("stg_users");
        assertThat(n.get("schema").asText()).isEqualTo("staging");
        assertThat(n.get("database").isNull()).isTrue();
        assertThat(n.get("relation_name").asText()).isEqualTo("\"staging\".\"stg_users\"");
        assertThat(n.get("config").get("materialized").asText()).isEqualTo("table");
        assertThat(n.get("tags")).extracting(JsonNode::asText).containsExactly("daily");
        assertThat(n.get("description").asText()).isEqualTo("One row per user.");
        JsonNode col = n.get("columns").get("user_id");
        assertThat(col.get("description").asText()).isEqualTo("The user.");
        assertThat(col.get("data_type").asText()).isEqualTo("integer");
        assertThat(col.get("meta").get("pii").asBoolean(true)).isFalse();
        assertThat(n.get("depends_on").get("nodes")).extracting(JsonNode::asText).containsExactly("source.shop.raw.users");
        assertThat(n.get("depends_on").get("macros")).isEmpty();
        assertThat(n.get("sources").get(0)).extracting(JsonNode::asText).containsExactly("raw", "users");
        assertThat(n.get("raw_code").asText()).startsWith("<@config");
        assertThat(n.get("compiled_code").asText()).isEqualTo("select id as user_id from \"landing\".\"users\"\n");
        assertThat(n.get("compiled").asBoolean()).isTrue();
        assertThat(n.get("compiled_path").asText()).isEqualTo("target/compiled/shop/models/staging/stg_users.sql");
        assertThat(n.get("checksum").get("name").asText()).isEqualTo("sha256");
        assertThat(n.get("checksum").get("checksum").asText()).hasSize(64);
        assertThat(n.has("test_metadata")).isFalse();

        JsonNode dim = compileAndRead(project()).get("nodes").get("model.shop.dim_users");
        assertThat(dim.get("depends_on").get("nodes")).extracting(JsonNode::asText)
                .containsExactly("model.shop.stg_users", "seed.shop.plans");
        assertThat(dim.get("refs")).extracting(r -> r.get("name").asText()).containsExactly("stg_users", "plans");
    }

    @Test
    void seedAndGenericTestEntries() throws IOException {
        JsonNode nodes = compileAndRead(project()).get("nodes");
        JsonNode seed = nodes.get("seed.shop.plans");
        assertThat(seed.get("resource_type").asText()).isEqualTo("seed");
        assertThat(seed.get("path").asText()).isEqualTo("plans.csv");
        assertThat(seed.has("compiled_path")).isFalse(); // dbt's Seed has no compiled fields
        assertThat(seed.get("depends_on").has("nodes")).isFalse();
        assertThat(seed.get("checksum").get("checksum").asText()).isEqualTo(Checksums.sha256("plan\nfree\n".getBytes()));

        JsonNode av = nodes.get("test.shop.accepted_values_stg_users_user_id__1__2");
        assertThat(av.get("resource_type").asText()).isEqualTo("test");
        assertThat(av.get("original_file_path").asText()).isEqualTo("models/staging/schema.yml");
        assertThat(av.get("path").asText()).isEqualTo("accepted_values_stg_users_user_id__1__2.sql");
        assertThat(av.get("compiled_path").asText())
                .isEqualTo("target/compiled/shop/models/staging/schema/accepted_values_stg_users_user_id__1__2.sql");
        assertThat(av.get("relation_name").isNull()).isTrue();
        assertThat(av.get("schema").asText()).isEqualTo("main"); // dbt requires a schema: the target's
        assertThat(av.get("attached_node").asText()).isEqualTo("model.shop.stg_users");
        assertThat(av.get("column_name").asText()).isEqualTo("user_id");
        JsonNode tm = av.get("test_metadata");
        assertThat(tm.get("name").asText()).isEqualTo("accepted_values");
        assertThat(tm.get("kwargs").get("values")).extracting(JsonNode::asInt).containsExactly(1, 2);
        assertThat(tm.get("kwargs").get("column_name").asText()).isEqualTo("user_id");
        assertThat(tm.get("kwargs").get("model").asText()).isEqualTo("ref('stg_users')");

        JsonNode nn = nodes.get("test.shop.not_null_source_raw_users_id");
        assertThat(nn).as(nodes.toString()).isNotNull();
        assertThat(nn.get("test_metadata").get("kwargs").get("model").asText()).isEqualTo("source('raw', 'users')");
        assertThat(nn.get("depends_on").get("nodes")).extracting(JsonNode::asText).containsExactly("source.shop.raw.users");
    }

    @Test
    void sourcesUnitTestsMacrosAndDisabled() throws IOException {
        JsonNode m = compileAndRead(project());
        JsonNode src = m.get("sources").get("source.shop.raw.users");
        assertThat(src.get("source_name").asText()).isEqualTo("raw");
        assertThat(src.get("name").asText()).isEqualTo("users");
        assertThat(src.get("schema").asText()).isEqualTo("landing");
        assertThat(src.get("identifier").asText()).isEqualTo("users");
        assertThat(src.get("relation_name").asText()).isEqualTo("\"landing\".\"users\"");
        assertThat(src.get("loaded_at_field").asText()).isEqualTo("updated_at");
        assertThat(src.get("freshness").get("warn_after").get("count").asInt()).isEqualTo(24);
        assertThat(src.get("description").asText()).isEqualTo("Registered users.");
        assertThat(src.get("columns").has("id")).isTrue();
        assertThat(src.get("original_file_path").asText()).isEqualTo("models/sources.yml");
        assertThat(src.get("fqn")).extracting(JsonNode::asText).containsExactly("shop", "raw", "users");

        JsonNode ut = m.get("unit_tests").get("unit_test.shop.stg_users.keeps_ids");
        assertThat(ut.get("model").asText()).isEqualTo("stg_users");
        assertThat(ut.get("given").get(0).get("input").asText()).isEqualTo("source('raw', 'users')");
        assertThat(ut.get("given").get(0).get("rows").get(0).get("id").asInt()).isEqualTo(1);
        assertThat(ut.get("expect").get("rows").get(0).get("user_id").asInt()).isEqualTo(1);
        assertThat(ut.get("depends_on").get("nodes")).extracting(JsonNode::asText).containsExactly("model.shop.stg_users");
        assertThat(ut.get("original_file_path").asText()).isEqualTo("models/staging/schema.yml");

        JsonNode macro = m.get("macros").get("macro.shop.cents_to_dollars");
        assertThat(macro.get("name").asText()).isEqualTo("cents_to_dollars");
        assertThat(macro.get("original_file_path").asText()).isEqualTo("macros/money.ftl");
        assertThat(macro.get("path").asText()).isEqualTo("money.ftl");

        assertThat(m.get("nodes").has("model.shop.old")).isFalse();
        assertThat(m.get("disabled").get("model.shop.old").get(0).get("config").get("enabled").asBoolean()).isFalse();
    }

    @Test
    void parentAndChildMapsCoverEveryNodeAndSource() throws IOException {
        JsonNode m = compileAndRead(project());
        JsonNode parents = m.get("parent_map");
        JsonNode children = m.get("child_map");
        List<String> ids = new ArrayList<>();
        m.get("nodes").fieldNames().forEachRemaining(ids::add);
        m.get("sources").fieldNames().forEachRemaining(ids::add);
        List<String> parentKeys = new ArrayList<>();
        parents.fieldNames().forEachRemaining(parentKeys::add);
        assertThat(parentKeys).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(parents.get("model.shop.dim_users")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("model.shop.stg_users", "seed.shop.plans");
        assertThat(parents.get("source.shop.raw.users")).isEmpty();
        assertThat(children.get("source.shop.raw.users")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("model.shop.stg_users", "test.shop.not_null_source_raw_users_id");
        assertThat(children.get("model.shop.stg_users")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("model.shop.dim_users", "test.shop.accepted_values_stg_users_user_id__1__2");
        assertThat(children.get("model.shop.dim_users")).isEmpty();
    }

    @Test
    void checksumChangesWithTheModelOnly() throws IOException {
        TempProject p = project();
        JsonNode before = compileAndRead(p).get("nodes");
        p.file("models/marts/dim_users.sql", "select * from ${ref('stg_users')} join ${ref('plans')} using (plan) -- v2\n");
        JsonNode after = compileAndRead(p).get("nodes");
        assertThat(checksum(after, "model.shop.dim_users")).isNotEqualTo(checksum(before, "model.shop.dim_users"));
        assertThat(checksum(after, "model.shop.stg_users")).isEqualTo(checksum(before, "model.shop.stg_users"));
        assertThat(checksum(after, "seed.shop.plans")).isEqualTo(checksum(before, "seed.shop.plans"));
    }

    private static String checksum(JsonNode nodes, String id) {
        return nodes.get(id).get("checksum").get("checksum").asText();
    }

    @Test
    void analysedNodesCarryTheirColumnLineageAndTheTablesTheyRead() throws IOException {
        JsonNode nodes = compileAndRead(project()).get("nodes");
        JsonNode stg = nodes.get("model.shop.stg_users").get("meta").get("kiln");
        assertThat(stg.get("column_lineage").toString()).isEqualTo(
                "{\"user_id\":[{\"unique_id\":\"source.shop.raw.users\",\"column\":\"id\",\"derivation\":\"direct\"}]}");
        assertThat(stg.get("analysis").toString()).isEqualTo("{\"status\":\"parsed\",\"columns_complete\":true,"
                + "\"tables_read\":[{\"name\":\"\\\"landing\\\".\\\"users\\\"\",\"unique_id\":\"source.shop.raw.users\",\"declared\":true}]}");
        // a star over a model and a seed expands to their columns: user_id from stg_users, plan from the CSV header
        JsonNode dim = nodes.get("model.shop.dim_users").get("meta").get("kiln").get("column_lineage");
        assertThat(dim.get("user_id").get(0).get("unique_id").asText()).isEqualTo("model.shop.stg_users");
        assertThat(dim.get("plan").get(0).get("unique_id").asText()).isEqualTo("seed.shop.plans");
        // seeds and generic tests are not analysed
        assertThat(nodes.get("seed.shop.plans").get("meta").has("kiln")).isFalse();
        // under meta.kiln (dbt's node allows no other field), beside the model's own meta
        List<String> fields = new java.util.ArrayList<>();
        stg.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("column_lineage", "analysis");
    }

    @Test
    void replacesTheManifestAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        TempProject p = project();
        compileAndRead(p);
        compileAndRead(p);
        try (Stream<Path> files = Files.list(dir.resolve("target"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("manifest.json", "compiled", "analysis-cache",
                    "partial_parse.bin", "partial_parse.head");
        }
    }

    @Test
    void createsTheTargetFolderAndReportsWhatCannotBeWritten() throws IOException {
        CompiledProject compiled;
        try (Kiln kiln = Kiln.configure().projectDir(project().root()).load()) {
            compiled = kiln.compile();
        }
        ManifestMetadata meta = new ManifestMetadata("0", "dev", "ansi", Instant.now(), "id");
        Path nested = dir.resolve("elsewhere/deep");
        assertThat(new ManifestWriter(nested).write(compiled, meta)).isRegularFile();
        assertThat(JSON.readTree(nested.resolve("manifest.json").toFile()).get("nodes").size()).isEqualTo(5);

        Files.createDirectories(dir.resolve("blocked/manifest.json"));
        Files.writeString(dir.resolve("blocked/manifest.json/x"), "a folder is in the way");
        assertThatThrownBy(() -> new ManifestWriter(dir.resolve("blocked")).write(compiled, meta))
                .isInstanceOfSatisfying(KilnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.IO);
                    assertThat(e.getMessage()).startsWith("Cannot write " + dir.resolve("blocked/manifest.json") + ": ");
                });
        try (Stream<Path> files = Files.list(dir.resolve("blocked"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("manifest.json");
        }
    }
}
