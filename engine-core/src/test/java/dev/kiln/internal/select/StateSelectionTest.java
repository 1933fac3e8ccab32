package dev.kiln.internal.select;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.Selection;
import dev.kiln.internal.util.Checksums;
import dev.kiln.internal.state.PreviousManifest;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.kiln.internal.select.SelectorTest.AV;
import static dev.kiln.internal.select.SelectorTest.NN;
import static dev.kiln.internal.select.SelectorTest.NN_SRC;
import static dev.kiln.internal.select.SelectorTest.REL;
import static dev.kiln.internal.select.SelectorTest.SINGULAR;
import static dev.kiln.internal.select.SelectorTest.UNIQUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code state:} selection against a manifest written here in dbt's shape. Compared with the
 * current shop project, the earlier run had: stg_orders with other SQL (body), dim_users as a
 * view (configs), fct_orders in another schema (relation), no revenue and no accepted_values test
 * (new); everything else the same.
 */
class StateSelectionTest {

    @TempDir
    Path dir;
    private TempProject project;
    private CompiledProject compiled;
    private Path stateDir;

    @BeforeEach
    void writeProjectAndEarlierManifest() throws IOException {
        project = ShopProject.write(dir.resolve("project"));
        compiled = ShopProject.compile(project);
        stateDir = dir.resolve("prod-run");
        Map<String, Object> nodes = new LinkedHashMap<>();
        for (CompiledNode n : compiled.nodes()) {
            String checksum = Checksums.of(n.node(), project.root());
            Map<String, Object> config = new LinkedHashMap<>(n.config().values());
            switch (n.name()) {
                case "revenue", AV -> {
                    continue;
                }
                case "stg_orders" -> checksum = Checksums.sha256("select 1".getBytes());
                case "dim_users" -> config.put("materialized", "view");
                case "fct_orders" -> {
                    config.put("schema", "old_marts");
                    config.put("bucket_count", 4.0); // the same number, written differently
                }
                case "orphan" -> {
                    config.put("tags", List.of()); // empty and default values do not count as a change
                    config.put("enabled", true);
                }
                default -> {
                }
            }
            nodes.put(n.uniqueId(), node(n.uniqueId(), checksum, config, n.dependsOn()));
        }
        nodes.put("model.shop.dropped", node("model.shop.dropped", "abc", Map.of(), List.of()));
        Files.createDirectories(stateDir);
        new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValue(stateDir.resolve("manifest.json").toFile(), Map.of("metadata", Map.of(), "nodes", nodes));
    }

    private static Map<String, Object> node(String id, String checksum, Map<String, Object> config, List<String> deps) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("unique_id", id);
        node.put("checksum", Map.of("name", "sha256", "checksum", checksum));
        node.put("config", config);
        node.put("depends_on", Map.of("nodes", deps));
        node.put("relation_name", null);
        return node;
    }

    private List<String> select(String... specs) {
        return ShopProject.names(compiled, PreviousManifest.read(stateDir), Selection.parse(specs));
    }

    @Test
    void newNodesAreThoseTheEarlierManifestLacks() {
        // the singular test is old, but it reads revenue, which is new (eager test selection)
        assertThat(select("state:new")).containsExactly(AV, "revenue", SINGULAR);
    }

    @Test
    void modifiedIsNewOrChangedInBodyConfigOrRelation() {
        assertThat(select("state:modified")).containsExactly("stg_orders", "dim_users", REL, "fct_orders", AV, "revenue",
                SINGULAR);
    }

    @Test
    void subSelectorsNarrowWhatCountsAsAChange() {
        assertThat(select("state:modified.body")).containsExactly("stg_orders", REL, AV, "revenue", SINGULAR);
        assertThat(select("state:modified.configs")).containsExactly("dim_users", AV, "revenue", SINGULAR);
        assertThat(select("state:modified.relation")).containsExactly("fct_orders", AV, "revenue", SINGULAR);
    }

    @Test
    void unmodifiedAndOldAreTheComplements() {
        // the singular test did not change, though what it reads is new
        assertThat(select("state:unmodified")).containsExactly("orphan", "countries", "stg_users", NN_SRC,
                "users_history", UNIQUE, NN, REL, SINGULAR);
        assertThat(ShopProject.names(compiled, PreviousManifest.read(stateDir),
                Selection.parse("state:old").excluding("resource_type:test")))
                .containsExactly("orphan", "countries", "stg_users", "stg_orders", "dim_users", "users_history", "fct_orders");
    }

    @Test
    void stateCombinesWithGraphOperatorsAndOtherMethods() {
        assertThat(select("state:modified.body+1")).containsExactly("stg_orders", REL, "fct_orders", AV, "revenue",
                SINGULAR);
        assertThat(select("state:modified,resource_type:model"))
                .containsExactly("stg_orders", "dim_users", REL, "fct_orders", AV, "revenue", SINGULAR);
        assertThat(select("state:modified,tag:daily")).containsExactly("stg_orders", REL);
    }

    @Test
    void aChangedSeedFileIsAModifiedBody() throws IOException {
        Files.writeString(project.root().resolve("seeds/countries.csv"), "code,name\nDE,Germany\nFR,France\n");
        assertThat(select("state:modified.body")).contains("countries");
    }

    @Test
    void theEmbeddingApiPassesTheStateDirectory() {
        try (Kiln kiln = Kiln.configure().projectDir(project.root()).state(stateDir).load()) {
            assertThat(kiln.list(Selection.parse("state:new"))).extracting(CompiledNode::name)
                    .containsExactly(AV, "revenue", SINGULAR);
        }
    }

    @Test
    void stateSelectionWithoutAManifestIsAUsageError() {
        for (Selection s : List.of(Selection.parse("state:modified+"), Selection.parse("orphan").excluding("tag:x,state:new"))) {
            assertThatThrownBy(() -> new Selector(compiled, null).select(s)).isInstanceOfSatisfying(KilnException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                assertThat(e.getMessage()).startsWith("--state DIR is required for state: selection (spec '");
            });
        }
    }
}
