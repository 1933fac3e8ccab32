package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LsCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void project() {
        Projects.shop(dir);
    }

    private CliRun ls(String... args) {
        List<String> all = new ArrayList<>(List.of("ls", "--project-dir", dir.toString()));
        all.addAll(List.of(args));
        CliRun run = CliRun.kiln(all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    @Test
    void defaultOutputIsTheDbtSelectorSortedByUniqueId() {
        List<String> lines = ls().lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 2)).containsExactly("shop.marts.orders_by_day", "shop.staging.stg_orders");
        assertThat(lines.subList(2, 4)).allMatch(l -> l.startsWith("shop.")).anyMatch(l -> l.endsWith("not_null_stg_orders_id"))
                .anyMatch(l -> l.endsWith("unique_stg_orders_id"));
    }

    @Test
    void outputName() {
        assertThat(ls("--output", "name").lines())
                .containsExactly("orders_by_day", "stg_orders", "not_null_stg_orders_id", "unique_stg_orders_id");
    }

    @Test
    void outputPathIsTheOriginalFilePath() {
        assertThat(ls("--output", "path", "--resource-type", "model").lines())
                .containsExactly("models/marts/orders_by_day.sql", "models/staging/stg_orders.sql");
    }

    @Test
    void outputJsonIsOneObjectPerLine() throws Exception {
        List<String> lines = ls("--output", "JSON").lines();
        assertThat(lines).hasSize(4);
        ObjectMapper json = new ObjectMapper();
        JsonNode stg = json.readTree(lines.get(1));
        assertThat(stg.get("name").asText()).isEqualTo("stg_orders");
        assertThat(stg.get("resource_type").asText()).isEqualTo("model");
        assertThat(stg.get("unique_id").asText()).isEqualTo("model.shop.stg_orders");
        assertThat(stg.get("package_name").asText()).isEqualTo("shop");
        assertThat(stg.get("original_file_path").asText()).isEqualTo("models/staging/stg_orders.sql");
        assertThat(stg.get("alias").asText()).isEqualTo("stg_orders");
        assertThat(stg.at("/config/materialized").asText()).isEqualTo("table");
        assertThat(stg.at("/config/schema").asText()).isEqualTo("staging");
        assertThat(stg.get("tags").toString()).isEqualTo("[\"daily\"]");
        assertThat(stg.at("/depends_on/nodes").toString()).contains("source.shop.raw.orders");
        JsonNode marts = json.readTree(lines.get(0));
        assertThat(marts.at("/config/materialized").asText()).isEqualTo("view");
        assertThat(marts.at("/depends_on/nodes").toString()).isEqualTo("[\"model.shop.stg_orders\"]");
        JsonNode test = json.readTree(lines.get(2));
        assertThat(test.get("resource_type").asText()).isEqualTo("test");
        assertThat(test.at("/config/materialized").asText()).isEqualTo("test");
        assertThat(test.get("original_file_path").asText()).isEqualTo("models/staging/schema.yml");
    }

    @Test
    void outputKeysChooseTheJsonFields() throws Exception {
        List<String> lines = ls("--output", "json", "--output-keys", "name", "unique_id", "--resource-type", "model").lines();
        assertThat(lines).containsExactly(
                "{\"name\":\"orders_by_day\",\"unique_id\":\"model.shop.orders_by_day\"}",
                "{\"name\":\"stg_orders\",\"unique_id\":\"model.shop.stg_orders\"}");
    }

    @Test
    void resourceTypeFilters() {
        assertThat(ls("-o", "name", "--resource-type", "test").lines())
                .containsExactly("not_null_stg_orders_id", "unique_stg_orders_id");
        assertThat(ls("-o", "name", "--resource-type", "model", "seed").lines())
                .containsExactly("orders_by_day", "stg_orders");
        assertThat(ls("-o", "name", "--resource-type", "all").lines()).hasSize(4);
        CliRun bad = CliRun.kiln("ls", "--project-dir", dir.toString(), "--resource-type", "modle");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("Unknown resource type 'modle'").doesNotContain("\tat ");
    }

    @Test
    void anUnknownOutputFormatIsAUsageError() {
        CliRun bad = CliRun.kiln("ls", "--project-dir", dir.toString(), "--output", "yaml");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--output").doesNotContain("\tat ");
    }

    @Test
    void listIsAnAlias() {
        assertThat(CliRun.kiln("list", "--project-dir", dir.toString()).lines()).isEqualTo(ls().lines());
    }

    // --- selection (evaluated by engine-core's Selector)

    @Test
    void selectOneModel() {
        assertThat(ls("-o", "name", "-s", "stg_orders", "--resource-type", "model").lines()).containsExactly("stg_orders");
        assertThat(ls("-o", "name", "--select", "orders_by_day").lines()).containsExactly("orders_by_day");
    }

    @Test
    void selectTakesSeveralValuesEachWithSeveralSpecs() {
        List<String> both = List.of("orders_by_day", "stg_orders");
        assertThat(ls("-o", "name", "-s", "stg_orders orders_by_day", "--resource-type", "model").lines())
                .containsExactlyElementsOf(both);
        assertThat(ls("-o", "name", "-s", "stg_orders", "orders_by_day", "--resource-type", "model").lines())
                .containsExactlyElementsOf(both);
        assertThat(ls("-o", "name", "-s", "stg_orders", "-s", "orders_by_day", "--resource-type", "model").lines())
                .containsExactlyElementsOf(both);
    }

    @Test
    void selectingAModelSelectsItsTestsLikeDbt() {
        assertThat(ls("-o", "name", "-s", "stg_orders").lines())
                .containsExactly("stg_orders", "not_null_stg_orders_id", "unique_stg_orders_id");
    }

    @Test
    void selectByTagGraphAndExclude() {
        assertThat(ls("-o", "name", "-s", "tag:daily", "--resource-type", "model").lines()).containsExactly("stg_orders");
        assertThat(ls("-o", "name", "-s", "+orders_by_day", "--resource-type", "model").lines())
                .containsExactly("orders_by_day", "stg_orders");
        assertThat(ls("-o", "name", "--resource-type", "model", "--exclude", "orders_by_day").lines())
                .containsExactly("stg_orders");
        assertThat(ls("-o", "name", "-s", "stg_orders+", "--exclude", "resource_type:test").lines())
                .containsExactly("orders_by_day", "stg_orders");
    }

    @Test
    void anEmptySelectionSaysSoOnStderr() {
        CliRun run = ls("-s", "no_such_model");
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("No nodes selected.");
    }

    @Test
    void aBadSelectorIsAUsageError() {
        CliRun run = CliRun.kiln("ls", "--project-dir", dir.toString(), "-s", "nosuch:x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nosuch").doesNotContain("\tat ");
    }

    @Test
    void stateSelectsWhatChangedSinceAnEarlierManifest() throws Exception {
        Path state = dir.resolve("state");
        assertThat(CliRun.kiln("compile", "--project-dir", dir.toString()).exitCode()).isZero();
        Files.move(dir.resolve("target"), state);
        Files.writeString(dir.resolve("models/marts/orders_by_day.sql"), "select count(*) + 1 from ${ref('stg_orders')}\n");
        CliRun run = CliRun.kiln("--state", state.toString(), "ls", "--project-dir", dir.toString(),
                "-o", "name", "-s", "state:modified");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.lines()).containsExactly("orders_by_day");
    }
}
