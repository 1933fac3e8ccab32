package dev.kiln.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator the artifact tests rely on finds what dbt's schemas forbid, and names it. */
class DbtSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aValidRunResultsPassesAndEachViolationIsNamedByItsPath() throws Exception {
        String ok = """
                {"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json"},
                 "results": [{"status": "success", "timing": [], "thread_id": "Thread-1 (worker)", "execution_time": 0.5,
                              "adapter_response": {}, "message": "OK", "failures": 0, "unique_id": "model.p.a",
                              "compiled": true, "compiled_code": "select 1", "relation_name": "\\"a\\""}],
                 "elapsed_time": 1.0, "args": {}}
                """;
        assertThat(DbtSchemas.RUN_RESULTS.violations(JSON.readTree(ok))).isEmpty();
        assertThat(DbtSchemas.RUN_RESULTS.url()).isEqualTo("https://schemas.getdbt.com/dbt/run-results/v6.json");

        String bad = ok.replace("\"thread_id\": \"Thread-1 (worker)\", ", "").replace("\"args\": {}", "\"cancelled\": false");
        assertThat(DbtSchemas.RUN_RESULTS.violations(JSON.readTree(bad)))
                .anySatisfy(v -> assertThat(v).startsWith("/results/0").contains("thread_id"))
                .anySatisfy(v -> assertThat(v).contains("cancelled"));
    }

    @Test
    void aManifestNodeIsCheckedAgainstTheShapeOfItsResourceTypeOnly() throws Exception {
        String manifest = """
                {"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"},
                 "nodes": {"model.p.a": {"database": null, "schema": "main", "name": "a", "resource_type": "model",
                   "package_name": "p", "path": "a.sql", "original_file_path": "models/a.sql", "unique_id": "model.p.a",
                   "fqn": ["p", "a"], "alias": "a", "checksum": {"name": "sha256", "checksum": "x"}, "column_lineage": {}}},
                 "sources": {}, "macros": {}, "docs": {}, "exposures": {}, "metrics": {}, "groups": {}, "selectors": {},
                 "disabled": {}, "parent_map": {}, "child_map": {}, "group_map": {}, "saved_queries": {},
                 "semantic_models": {}, "unit_tests": {}}
                """;
        assertThat(DbtSchemas.MANIFEST.violations(JSON.readTree(manifest)))
                .singleElement().satisfies(v -> assertThat(v).startsWith("/nodes/model.p.a").contains("column_lineage"));
        assertThat(DbtSchemas.MANIFEST.violations(JSON.readTree(manifest.replace(", \"column_lineage\": {}", "")))).isEmpty();
    }
}
