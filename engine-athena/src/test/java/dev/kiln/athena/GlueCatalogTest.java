package dev.kiln.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Relation;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.RelationKind;
import dev.kiln.spi.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Glue side of a session, against recorded Glue responses. */
class GlueCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordedAws aws = new RecordedAws();
    private final AthenaAdapter adapter = AthenaAdapter.open(Targets.settings(), aws.setup());
    private final AthenaSession session = (AthenaSession) adapter.openSession();

    @AfterEach
    void close() {
        session.close();
        adapter.close();
    }

    static String table(String name, String type, String location, String columns, String partitionKeys, String params) {
        return "{\"Name\":\"" + name + "\",\"DatabaseName\":\"analytics\",\"TableType\":\"" + type + "\","
                + "\"StorageDescriptor\":{\"Columns\":[" + columns + "]" + (location == null ? "" : ",\"Location\":\"" + location + "\"")
                + "},\"PartitionKeys\":[" + partitionKeys + "],\"Parameters\":{" + params + "}}";
    }

    static String col(String name, String type) {
        return "{\"Name\":\"" + name + "\",\"Type\":\"" + type + "\"}";
    }

    static String partition(String value, String location) {
        return "{\"Values\":[\"" + value + "\"],\"StorageDescriptor\":{\"Location\":\"" + location + "\"}}";
    }

    private static JsonNode body(RecordedAws.Call c) {
        try {
            return JSON.readTree(c.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void relationsPageThroughGetTablesAndTellViewsFromTables() {
        aws.on("GetTables", "{\"TableList\":[" + table("orders", "EXTERNAL_TABLE", "s3://lake/o/", col("id", "int"), "", "")
                        + "," + table("v", "VIRTUAL_VIEW", null, col("id", "int"), "", "\"presto_view\":\"true\"") + "],\"NextToken\":\"t2\"}")
                .on("GetTables", "{\"TableList\":[" + table("users", "EXTERNAL_TABLE", "s3://lake/u/", col("id", "int"), "",
                        "\"table_type\":\"ICEBERG\"") + "]}");
        Map<Relation, RelationKind> r = session.relations(List.of("Analytics"));

        assertThat(r).containsExactly(Map.entry(Relation.of("analytics", "orders"), RelationKind.TABLE),
                Map.entry(Relation.of("analytics", "v"), RelationKind.VIEW),
                Map.entry(Relation.of("analytics", "users"), RelationKind.TABLE));
        assertThat(body(aws.calls("GetTables").get(0)).get("DatabaseName").asText()).isEqualTo("analytics");
        assertThat(body(aws.calls("GetTables").get(1)).get("NextToken").asText()).isEqualTo("t2");
    }

    @Test
    void aMissingSchemaHasNoRelations() {
        aws.on("GetTables", 400, RecordedAws.error("EntityNotFoundException", "Database nope not found."));
        assertThat(session.relations(List.of("nope"))).isEmpty();
    }

    @Test
    void describeListsColumnsThenPartitionKeysInSqlSpelling() {
        aws.on("GetTable", "{\"Table\":" + table("events", "EXTERNAL_TABLE", "s3://lake/e/1",
                col("id", "bigint") + "," + col("name", "string") + "," + col("tags", "array<string>") + "," + col("n", "int"),
                col("dt", "date"), "") + "}");
        RelationInfo info = session.describe(Relation.of("analytics", "Events")).orElseThrow();

        assertThat(info.kind()).isEqualTo(RelationKind.TABLE);
        assertThat(info.columns()).extracting(RelationInfo.Column::name).containsExactly("id", "name", "tags", "n", "dt");
        assertThat(info.columns()).extracting(RelationInfo.Column::type)
                .containsExactly("bigint", "varchar", "array<varchar>", "integer", "date");
        assertThat(body(aws.calls("GetTable").get(0)).get("Name").asText()).isEqualTo("events");
        CatalogTable t = session.catalog().table(Relation.of("analytics", "events")).orElseThrow();
        assertThat(t.location()).hasToString("s3://lake/e/1/");
        assertThat(t.format()).isEqualTo(TableFormat.HIVE);
    }

    @Test
    void describeOfAMissingTableIsEmpty() {
        aws.on("GetTable", 400, RecordedAws.error("EntityNotFoundException", "Table missing not found."));
        assertThat(session.describe(Relation.of("analytics", "missing"))).isEmpty();
    }

    @Test
    void ensureSchemaCreatesTheGlueDatabaseOnce() {
        aws.on("CreateDatabase", "{}").on("CreateDatabase", 400, RecordedAws.error("AlreadyExistsException", "exists"));
        session.ensureSchema("Staging");
        session.ensureSchema("Staging");
        assertThat(aws.calls("CreateDatabase")).hasSize(2);
        assertThat(body(aws.calls("CreateDatabase").get(0)).at("/DatabaseInput/Name").asText()).isEqualTo("staging");
    }

    @Test
    void replaceCreatesTheTargetWhenItIsNew() {
        aws.on("GetTable", c -> c.body().contains("orders__kiln_tmp")
                        ? new RecordedAws.Reply(200, "{\"Table\":" + table("orders__kiln_tmp", "EXTERNAL_TABLE", "s3://lake/o/2/",
                        col("id", "int"), "", "\"EXTERNAL\":\"TRUE\"") + "}")
                        : new RecordedAws.Reply(400, RecordedAws.error("EntityNotFoundException", "not found")))
                .on("CreateTable", "{}").on("DeleteTable", "{}");
        session.catalog().replace(Relation.of("analytics", "orders__kiln_tmp"), Relation.of("analytics", "orders"));

        assertThat(aws.operations()).containsExactly("GetTable", "GetTable", "CreateTable", "DeleteTable");
        JsonNode input = body(aws.calls("CreateTable").get(0)).get("TableInput");
        assertThat(input.get("Name").asText()).isEqualTo("orders");
        assertThat(input.at("/StorageDescriptor/Location").asText()).isEqualTo("s3://lake/o/2/");
        assertThat(input.at("/Parameters/EXTERNAL").asText()).isEqualTo("TRUE");
        assertThat(body(aws.calls("DeleteTable").get(0)).get("Name").asText()).isEqualTo("orders__kiln_tmp");
    }

    @Test
    void replaceUpdatesAnExistingTableInPlaceAndMovesPartitionsWithoutAGap() {
        aws.on("GetTable", c -> new RecordedAws.Reply(200, c.body().contains("daily__kiln_tmp")
                        ? "{\"Table\":" + table("daily__kiln_tmp", "EXTERNAL_TABLE", "s3://lake/d/2/", col("n", "int"), col("dt", "string"), "") + "}"
                        : "{\"Table\":" + table("daily", "EXTERNAL_TABLE", "s3://lake/d/1/", col("n", "int"), col("dt", "string"), "") + "}"))
                .on("GetPartitions", c -> new RecordedAws.Reply(200, c.body().contains("daily__kiln_tmp")
                        ? "{\"Partitions\":[" + partition("2026-11-01", "s3://lake/d/2/dt=2026-11-01/") + ","
                        + partition("2026-11-02", "s3://lake/d/2/dt=2026-11-02/") + "]}"
                        : "{\"Partitions\":[" + partition("2026-10-31", "s3://lake/d/1/dt=2026-10-31/") + ","
                        + partition("2026-11-01", "s3://lake/d/1/dt=2026-11-01/") + "]}"))
                .on("UpdateTable", "{}").on("BatchCreatePartition", "{\"Errors\":[]}")
                .on("BatchUpdatePartition", "{\"Errors\":[]}").on("BatchDeletePartition", "{\"Errors\":[]}")
                .on("DeleteTable", "{}");
        session.catalog().replace(Relation.of("analytics", "daily__kiln_tmp"), Relation.of("analytics", "daily"));

        assertThat(aws.operations()).containsExactly("GetTable", "GetTable", "UpdateTable", "GetPartitions", "GetPartitions",
                "BatchCreatePartition", "BatchUpdatePartition", "BatchDeletePartition", "DeleteTable");
        assertThat(body(aws.calls("UpdateTable").get(0)).at("/TableInput/StorageDescriptor/Location").asText())
                .isEqualTo("s3://lake/d/2/");
        JsonNode created = body(aws.calls("BatchCreatePartition").get(0)).get("PartitionInputList");
        assertThat(created).hasSize(1);
        assertThat(created.get(0).at("/Values/0").asText()).isEqualTo("2026-11-02");
        JsonNode updated = body(aws.calls("BatchUpdatePartition").get(0)).get("Entries");
        assertThat(updated.get(0).at("/PartitionInput/StorageDescriptor/Location").asText()).isEqualTo("s3://lake/d/2/dt=2026-11-01/");
        JsonNode deleted = body(aws.calls("BatchDeletePartition").get(0)).get("PartitionsToDelete");
        assertThat(deleted.get(0).at("/Values/0").asText()).isEqualTo("2026-10-31");
    }

    @Test
    void partitionsAreDroppedInBatchesOf25() {
        aws.on("BatchDeletePartition", "{\"Errors\":[]}");
        List<List<String>> values = java.util.stream.IntStream.range(0, 60).mapToObj(i -> List.of("v" + i)).toList();
        session.catalog().dropPartitions(Relation.of("analytics", "daily"), values);
        assertThat(aws.calls("BatchDeletePartition")).hasSize(3);
        assertThat(body(aws.calls("BatchDeletePartition").get(2)).get("PartitionsToDelete")).hasSize(10);
    }

    @Test
    void throttledGlueCallsAreRetried() {
        aws.on("GetTable", 400, RecordedAws.error("ThrottlingException", "Rate exceeded"))
                .on("GetTable", "{\"Table\":" + table("t", "EXTERNAL_TABLE", "s3://lake/t/", col("id", "int"), "", "") + "}");
        assertThat(session.describe(Relation.of("analytics", "t"))).isPresent();
        assertThat(aws.calls("GetTable")).hasSize(2);
        assertThat(aws.sleeps).hasSize(1);
    }
}
