package dev.kiln.athena;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kiln load} on an Athena target through the public API: the real {@code from: files}
 * loader, the load runner and the Athena load sink, against Glue, S3 and Athena with state.
 */
class AthenaLoadCommandTest {

    @TempDir
    Path dir;

    private final AwsLake lake = new AwsLake();

    private RunResults load(TempProject p) {
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).adapter(new AthenaProvider(lake.aws.setup())).load()) {
            return kiln.load(Selection.parse("source:logs"));
        }
    }

    @Test
    void filesLandAsParquetBehindAGlueTableAndTheStateRemembersThem() {
        TempProject p = TempProject.create(dir, "lt", "athena")
                .file("kiln.yml", """
                        name: lt
                        targets:
                          prod: {type: athena, region: eu-west-1, s3_staging_dir: 's3://results/athena/', s3_data_dir: 's3://lake/data/', schema: lt, execution: api}
                        """)
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: logs
                            schema: raw
                            loader: {from: files}
                            tables:
                              - name: sessions
                                external_location: s3://landing/raw/sessions
                                load: {path: landing/*.jsonl, disposition: append}
                              - name: users
                                load: {path: users/*.jsonl, primary_key: user_id, disposition: merge}
                        """)
                .file("landing/day1.jsonl", "{\"session_id\": 1, \"events\": [{\"kind\": \"view\"}]}\n{\"session_id\": 2}\n")
                .file("users/day1.jsonl", "{\"user_id\": 1, \"plan\": \"free\"}\n{\"user_id\": 2, \"plan\": \"free\"}\n");

        RunResults first = load(p);
        assertThat(first.results()).extracting(NodeResult::status).containsOnly(NodeStatus.SUCCESS);
        JsonNode sessions = lake.table("raw", "sessions");
        assertThat(sessions.get("StorageDescriptor").get("Location").asText()).startsWith("s3://landing/raw/sessions/_kiln_manifest/");
        assertThat(sessions.get("Parameters").get("kiln.load_state").asText()).contains("day1.jsonl");
        assertThat(lake.table("raw", "sessions__events")).isNotNull();
        assertThat(lake.keys("s3://landing/raw/sessions/data/")).hasSize(1);
        assertThat(lake.table("raw", "users").get("Parameters").get("table_type").asText()).isEqualTo("ICEBERG");
        assertThat(lake.table("raw", "users").get("Parameters").get("kiln.load_state").asText()).contains("users/day1.jsonl");

        // nothing new: no new data file, no query
        int queries = lake.sql.size();
        assertThat(load(p).results()).extracting(NodeResult::rowsAffected).containsOnly(0L);
        assertThat(lake.keys("s3://landing/raw/sessions/data/")).hasSize(1);
        assertThat(lake.sql).hasSize(queries);

        // new files: appended to the manifest, merged into the Iceberg table
        p.file("landing/day2.jsonl", "{\"session_id\": 3, \"device\": \"ios\"}\n");
        p.file("users/day2.jsonl", "{\"user_id\": 2, \"plan\": \"pro\"}\n");
        RunResults third = load(p);
        assertThat(third.results()).extracting(NodeResult::status).containsOnly(NodeStatus.SUCCESS);
        String manifest = lake.text(lake.table("raw", "sessions").get("StorageDescriptor").get("Location").asText() + "manifest");
        assertThat(manifest.lines()).hasSize(2);
        assertThat(GlueColumns.of(lake.table("raw", "sessions"))).contains("device string");
        assertThat(lake.sql.get(lake.sql.size() - 1)).startsWith("merge into \"raw\".\"users\" as kiln_dest")
                .contains("on (kiln_src.\"user_id\" = kiln_dest.\"user_id\")");
        assertThat(lake.table("raw", "users").get("Parameters").get("kiln.load_state").asText()).contains("users/day2.jsonl");
    }

    @Test
    void recordsWithArraysMergeAndTheirChildRowsAreReplaced() {
        TempProject p = TempProject.create(dir, "lm", "athena")
                .file("kiln.yml", """
                        name: lm
                        targets:
                          prod: {type: athena, region: eu-west-1, s3_staging_dir: 's3://results/athena/', s3_data_dir: 's3://lake/data/', schema: lm, execution: api}
                        """)
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: logs
                            schema: raw
                            loader: {from: files}
                            tables:
                              - name: orders
                                load: {path: orders/*.jsonl, primary_key: id, disposition: merge}
                        """)
                .file("orders/day1.jsonl", "{\"id\": 1, \"items\": [{\"sku\": \"a\", \"tags\": [\"x\", \"y\"]}, {\"sku\": \"b\"}]}\n"
                        + "{\"id\": 2, \"items\": [{\"sku\": \"c\"}]}\n");
        assertThat(load(p).results()).extracting(NodeResult::status).containsOnly(NodeStatus.SUCCESS);
        assertThat(skus()).containsExactly("1:a", "1:b", "2:c");
        assertThat(lake.rows("raw", "orders__items__tags", "value")).containsExactly("x", "y");

        p.file("orders/day2.jsonl", "{\"id\": 1, \"items\": [{\"sku\": \"d\", \"tags\": [\"z\"]}]}\n{\"id\": 3, \"items\": []}\n");
        assertThat(load(p).results()).extracting(NodeResult::status).containsOnly(NodeStatus.SUCCESS);
        assertThat(skus()).containsExactly("1:d", "2:c");
        assertThat(lake.rows("raw", "orders__items__tags", "value")).containsExactly("z");
        assertThat(lake.rows("raw", "orders", "id")).containsExactly("1", "2", "3");
        assertThat(lake.table("raw", "orders__items").get("Parameters").get("table_type").asText()).isEqualTo("ICEBERG");
    }

    private java.util.List<String> skus() {
        return lake.engine.run("select cast(o.\"id\" as varchar) || ':' || i.\"sku\" from \"raw\".\"orders__items\" i join"
                + " \"raw\".\"orders\" o on i.\"_kiln_root_id\" = o.\"_kiln_id\" order by 1").rows().stream()
                .map(r -> r.get(0)).toList();
    }
}
