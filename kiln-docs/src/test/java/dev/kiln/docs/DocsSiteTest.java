package dev.kiln.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.kiln.Kiln;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated catalog.json and site data of a project built on a real DuckDB. */
class DocsSiteTest {

    @TempDir
    static Path dir;
    static DocsSite.Result site;

    @BeforeAll
    static void generate() {
        ShopProject.built(dir);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            site = DocsSite.generate(kiln, DocsSite.Options.DEFAULTS);
        }
    }

    static List<String> violations(Path catalog) throws IOException {
        try (InputStream schema = DocsSiteTest.class.getResourceAsStream("/dbt/catalog-v1.json")) {
            Schema s = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
            List<String> out = new ArrayList<>();
            s.validate(new ObjectMapper().readTree(catalog.toFile())).forEach(e -> out.add(e.toString()));
            return out;
        }
    }

    @Test
    void catalogFollowsDbtsSchemaWithTypesAndRowCountsFromTheWarehouse() throws IOException {
        Path file = dir.resolve("target/catalog.json");
        assertThat(site.catalogFile()).isEqualTo(file);
        assertThat(violations(file)).isEmpty();
        JsonNode c = new ObjectMapper().readTree(file.toFile());
        assertThat(c.path("metadata").path("dbt_schema_version").asText())
                .isEqualTo("https://schemas.getdbt.com/dbt/catalog/v1.json");
        JsonNode revenue = c.path("nodes").path("model.shop.customer_revenue");
        assertThat(revenue.path("metadata").path("type").asText()).isEqualTo("BASE TABLE");
        assertThat(revenue.path("metadata").path("name").asText()).isEqualTo("customer_revenue");
        assertThat(revenue.path("columns").path("customer_id").path("index").asInt()).isEqualTo(1);
        assertThat(revenue.path("columns").path("customer_name").path("type").asText()).isEqualTo("VARCHAR");
        assertThat(revenue.path("columns").path("revenue").path("index").asInt()).isEqualTo(3);
        assertThat(revenue.path("stats").path("row_count").path("value").asLong()).isEqualTo(2);
        assertThat(revenue.path("stats").path("has_stats").path("value").asBoolean()).isTrue();
        JsonNode view = c.path("nodes").path("model.shop.stg_customers");
        assertThat(view.path("metadata").path("type").asText()).isEqualTo("VIEW");
        assertThat(view.path("stats").path("has_stats").path("value").asBoolean()).isFalse();
        assertThat(c.path("nodes").path("seed.shop.orders").path("stats").path("row_count").path("value").asLong())
                .isEqualTo(3);
        // the source was never loaded: it is not in the warehouse, so not in the catalog
        assertThat(c.path("sources").has("source.shop.events.clicks")).isFalse();
        assertThat(c.path("errors").isNull()).isTrue();
    }

    @Test
    void graphHoldsEveryNodeWithItsParentsStatusAndColumns() {
        JsonNode g = SiteFilesReader.json(site.site().resolve("data/graph.js"));
        assertThat(g.path("project").path("name").asText()).isEqualTo("shop");
        assertThat(g.path("project").path("overview").asText()).contains("Welcome to the **shop**");
        assertThat(g.path("project").path("catalog").asBoolean()).isTrue();
        List<String> ids = new ArrayList<>();
        g.path("nodes").forEach(n -> ids.add(n.path("i").asText()));
        assertThat(ids).contains("model.shop.customer_revenue", "model.shop.stg_orders", "seed.shop.customers",
                "source.shop.events.clicks", "exposure.shop.revenue_dashboard");
        assertThat(ids).noneMatch(id -> id.startsWith("test."));
        JsonNode revenue = g.path("nodes").get(ids.indexOf("model.shop.customer_revenue"));
        List<String> parents = new ArrayList<>();
        revenue.path("u").forEach(p -> parents.add(ids.get(p.asInt())));
        assertThat(parents).containsExactlyInAnyOrder("model.shop.stg_customers", "model.shop.stg_orders");
        assertThat(revenue.path("s").asText()).isEqualTo("success");
        assertThat(revenue.path("m").asText()).isEqualTo("table");
        assertThat(revenue.path("g").get(0).asText()).isEqualTo("finance");
        assertThat(revenue.path("c").toString()).contains("customer_id", "customer_name", "revenue");
        JsonNode dashboard = g.path("nodes").get(ids.indexOf("exposure.shop.revenue_dashboard"));
        assertThat(ids.get(dashboard.path("u").get(0).asInt())).isEqualTo("model.shop.customer_revenue");
        assertThat(site.nodes()).isEqualTo(ids.size());
    }

    @Test
    void pagesHoldSqlColumnsWithTypesAndTestsWithTheirLastStatus() {
        JsonNode pages = SiteFilesReader.json(site.site().resolve("data/n0.js"));
        JsonNode revenue = pages.path("model.shop.customer_revenue");
        assertThat(revenue.path("raw").asText()).contains("${ref('stg_customers')}");
        assertThat(revenue.path("sql").asText()).contains("sum(o.amount)").doesNotContain("${ref");
        assertThat(revenue.path("owner").asText()).isEqualTo("finance-team");
        assertThat(revenue.path("exposures").get(0).asText()).isEqualTo("exposure.shop.revenue_dashboard");
        JsonNode revenueColumn = revenue.path("columns").get(2);
        assertThat(revenueColumn.path("name").asText()).isEqualTo("revenue");
        assertThat(revenueColumn.path("description").asText()).isEqualTo("Sum of the customer's order amounts.");
        assertThat(revenueColumn.path("tests").get(0).path("status").asText()).isEqualTo("pass");
        assertThat(revenue.path("stats").get(0).path("value").asText()).isEqualTo("2");

        JsonNode customers = pages.path("model.shop.stg_customers");
        JsonNode country = customers.path("columns").get(2);
        assertThat(country.path("name").asText()).isEqualTo("country");
        assertThat(country.path("type").asText()).isEqualTo("VARCHAR");
        assertThat(country.path("tests").get(0).path("name").asText()).isEqualTo("accepted_values");
        assertThat(country.path("tests").get(0).path("status").asText()).isEqualTo("warn");
        assertThat(country.path("tests").get(0).path("severity").asText()).isEqualTo("warn");

        JsonNode clicks = pages.path("source.shop.events.clicks");
        assertThat(clicks.path("loaded_at_field").asText()).isEqualTo("clicked_at");
        assertThat(clicks.path("freshness").path("warn_after").path("count").asInt()).isEqualTo(12);
        JsonNode dashboard = pages.path("exposure.shop.revenue_dashboard");
        assertThat(dashboard.path("owner").path("email").asText()).isEqualTo("finance@shop.example");
    }

    @Test
    void columnLineageEdgesSayWhereEachColumnComesFromAndHow() {
        List<String> ids = new ArrayList<>();
        SiteFilesReader.json(site.site().resolve("data/graph.js")).path("nodes").forEach(n -> ids.add(n.path("i").asText()));
        JsonNode c = SiteFilesReader.json(site.site().resolve("data/columns.js"));
        List<String> names = new ArrayList<>();
        c.path("names").forEach(n -> names.add(n.asText()));
        List<String> edges = new ArrayList<>();
        JsonNode e = c.path("edges");
        for (int k = 0; k < e.size(); k += 5) {
            edges.add(ids.get(e.get(k).asInt()) + "." + names.get(e.get(k + 1).asInt()) + " <- "
                    + ids.get(e.get(k + 2).asInt()) + "." + names.get(e.get(k + 3).asInt())
                    + (e.get(k + 4).asInt() == 1 ? " direct" : " transformed"));
        }
        assertThat(edges).contains(
                "model.shop.customer_revenue.revenue <- model.shop.stg_orders.amount transformed",
                "model.shop.customer_revenue.customer_name <- model.shop.stg_customers.customer_name direct",
                "model.shop.stg_customers.customer_name <- seed.shop.customers.name transformed");
    }

    @Test
    void theSiteOpensWithoutAServerAndBundlesItsLibraries() throws IOException {
        String index = Files.readString(site.index());
        assertThat(index).contains("lib/marked.min.js", "lib/purify.min.js", "data/graph.js")
                .doesNotContain("http://", "https://");
        for (SiteAssets.Library lib : SiteAssets.LIBRARIES) {
            assertThat(site.site().resolve("lib").resolve(lib.file())).isNotEmptyFile();
        }
        // cytoscape is read when a graph is first drawn, from lib/ as well
        assertThat(Files.readString(site.site().resolve("app.js"))).contains("'lib/cytoscape.min.js'")
                .doesNotContain("fetch(", "XMLHttpRequest", "http://", "https://");
    }

    @Test
    void generatingAgainReplacesTheSiteAndLeavesNoStagingFolder() throws IOException {
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            DocsSite.generate(kiln, new DocsSite.Options(true));
        }
        try (Stream<Path> files = Files.list(dir.resolve("target"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
        assertThat(violations(dir.resolve("target/catalog.json"))).isEmpty();
        JsonNode c = new ObjectMapper().readTree(dir.resolve("target/catalog.json").toFile());
        assertThat(c.path("nodes").size()).isZero();
        // without a catalog, columns come from YAML and the analysis
        JsonNode g = SiteFilesReader.json(dir.resolve("target/docs/data/graph.js"));
        assertThat(g.path("project").path("catalog").asBoolean()).isFalse();
        assertThat(g.toString()).contains("customer_name");
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            site = DocsSite.generate(kiln, DocsSite.Options.DEFAULTS);
        }
    }
}
