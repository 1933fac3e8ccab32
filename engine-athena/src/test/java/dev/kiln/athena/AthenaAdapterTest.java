package dev.kiln.athena;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.BuildResult;
import dev.kiln.spi.Session;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.kiln.athena.ApiQueryEngineTest.execution;
import static dev.kiln.athena.ApiQueryEngineTest.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A whole table build through the adapter, against recorded Athena, Glue and S3 responses. */
class AthenaAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTableBuildRunsCtasThenSwapsInGlueThenDeletesTheOldFolder() throws Exception {
        RecordedAws aws = new RecordedAws();
        AtomicInteger queries = new AtomicInteger();
        String old = GlueCatalogTest.table("orders", "EXTERNAL_TABLE", "s3://lake/data/analytics/orders/old/",
                GlueCatalogTest.col("id", "int"), "", "");
        String tmp = GlueCatalogTest.table("orders__kiln_tmp", "EXTERNAL_TABLE",
                "s3://lake/data/analytics/orders/00000000-0000-0000-0000-000000000001/", GlueCatalogTest.col("id", "int"), "", "");
        aws.on("CreateDatabase", 400, RecordedAws.error("AlreadyExistsException", "exists"))
                .on("GetTable", c -> {
                    boolean isTmp = c.body().contains("orders__kiln_tmp");
                    boolean ctasRan = queries.get() > 0;
                    return isTmp && !ctasRan ? new RecordedAws.Reply(400, RecordedAws.error("EntityNotFoundException", "no"))
                            : new RecordedAws.Reply(200, "{\"Table\":" + (isTmp ? tmp : old) + "}");
                })
                .on("StartQueryExecution", c -> {
                    queries.incrementAndGet();
                    return new RecordedAws.Reply(200, started("q-ctas"));
                })
                .on("GetQueryExecution", execution("q-ctas", "SUCCEEDED", "DDL", "CREATE_TABLE_AS_SELECT", ""))
                .on("GetQueryResults", "{\"UpdateCount\":2,\"ResultSet\":{\"Rows\":[],\"ResultSetMetadata\":{\"ColumnInfo\":[]}}}")
                .on("UpdateTable", "{}").on("DeleteTable", "{}")
                .on("s3:ListObjectsV2", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><IsTruncated>false</IsTruncated>"
                        + "<Contents><Key>data/analytics/orders/old/part-0.parquet</Key></Contents></ListBucketResult>")
                .on("s3:DeleteObjects", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DeleteResult></DeleteResult>");

        try (AthenaAdapter adapter = (AthenaAdapter) new AthenaProvider(aws.setup())
                .open(new AdapterContext(Targets.prod(Map.of()), Path.of(".")));
             Session session = adapter.openSession()) {
            Path file = Path.of("models/orders.sql");
            Node n = new Node("model.shop.orders", ResourceType.MODEL, "orders", new NodeOrigin(file, SourcePosition.of(file),
                    List.of("shop", "orders")), "", new NodeConfig(Map.of("materialized", "table")), NodeDocs.NONE, null);
            CompiledNode node = new CompiledNode(n, "select 1 as id union all select 2", Relation.of("analytics", "orders"),
                    List.of(), List.of());
            BuildResult r = adapter.materializer().table(new BuildRequest(node, node.relation(), session, false, Path.of(".")));

            assertThat(r).isEqualTo(new BuildResult(2, "CREATE TABLE"));
            assertThat(aws.operations()).containsExactly("CreateDatabase", "GetTable", "GetTable",
                    "StartQueryExecution", "GetQueryExecution", "GetQueryResults",
                    "GetTable", "GetTable", "UpdateTable", "DeleteTable", "s3:ListObjectsV2", "s3:DeleteObjects");
            assertThat(JSON.readTree(aws.calls("StartQueryExecution").get(0).body()).get("QueryString").asText())
                    .startsWith("create table \"analytics\".\"orders__kiln_tmp\"")
                    .contains("external_location = 's3://lake/data/analytics/orders/00000000-0000-0000-0000-000000000001/'");
            assertThat(JSON.readTree(aws.calls("UpdateTable").get(0).body()).at("/TableInput/StorageDescriptor/Location").asText())
                    .isEqualTo("s3://lake/data/analytics/orders/00000000-0000-0000-0000-000000000001/");
            assertThat(aws.calls("s3:DeleteObjects").get(0).body()).contains("data/analytics/orders/old/part-0.parquet");
            assertThat(session.lastResponse()).containsEntry("query_id", "q-ctas").containsEntry("data_scanned_bytes", 1048576L);
        }
    }

    @Test
    void aBuildOfSeveralQueriesReportsTheirSum() {
        QueryEngine engine = new QueryEngine() {
            int n;

            @Override
            public long execute(String sql) {
                n++;
                return 1;
            }

            @Override
            public dev.kiln.spi.QueryResult query(String sql, int maxRows) {
                throw new UnsupportedOperationException();
            }

            @Override
            public QueryStats lastStats() {
                return new QueryStats("q" + n, 100L * n, 10L * n);
            }

            @Override
            public void cancel() {
            }

            @Override
            public void close() {
            }
        };
        FakeWarehouse w = new FakeWarehouse();
        AthenaSession s = new AthenaSession(engine, w, w, Targets.settings());
        s.track(() -> {
            s.execute("a");
            s.execute("b");
            return null;
        });
        assertThat(s.lastResponse()).containsEntry("query_id", "q2").containsEntry("data_scanned_bytes", 300L)
                .containsEntry("engine_execution_time_ms", 30L).containsEntry("queries", 2)
                .containsEntry("query_ids", List.of("q1", "q2"));
        s.execute("c");
        assertThat(s.lastResponse()).containsOnly(Map.entry("query_id", "q3"), Map.entry("data_scanned_bytes", 300L),
                Map.entry("engine_execution_time_ms", 30L));
    }

    @Test
    void aNonDefaultCatalogIsResolvedToItsGlueCatalogId() throws Exception {
        RecordedAws aws = new RecordedAws();
        aws.on("GetDataCatalog", "{\"DataCatalog\":{\"Name\":\"shared\",\"Type\":\"GLUE\",\"Parameters\":{\"catalog-id\":\"123456789012\"}}}")
                .on("GetTables", "{\"TableList\":[]}");
        try (AthenaAdapter a = AthenaAdapter.open(Targets.settings(Map.of("database", "shared")), aws.setup());
             Session s = a.openSession()) {
            s.relations(List.of("analytics"));
        }
        assertThat(JSON.readTree(aws.calls("GetTables").get(0).body()).get("CatalogId").asText()).isEqualTo("123456789012");

        RecordedAws lambda = new RecordedAws();
        lambda.on("GetDataCatalog", "{\"DataCatalog\":{\"Name\":\"ddb\",\"Type\":\"LAMBDA\",\"Parameters\":{}}}");
        assertThatThrownBy(() -> AthenaAdapter.open(Targets.settings(Map.of("database", "ddb")), lambda.setup()))
                .isInstanceOfSatisfying(KilnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ADAPTER_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("LAMBDA").contains("Glue");
                });
    }

    @Test
    void theProductionWiringOpensAndClosesWithoutCallingAws() {
        // default HTTP client and credentials chain; nothing is called until a statement runs
        try (dev.kiln.spi.Adapter a = new AthenaProvider().open(new AdapterContext(Targets.prod(Map.of()), Path.of(".")))) {
            assertThat(a.dialect().name()).isEqualTo("athena");
            assertThat(((AthenaAdapter) a).executionPath()).isEqualTo(ExecutionPath.API);
            a.openSession().close();
        }
    }

    @Test
    void invalidSettingsFailWhenTheTargetIsOpened() {
        assertThatThrownBy(() -> new AthenaProvider(new RecordedAws().setup())
                .open(new AdapterContext(Targets.prod(Map.of("bucket", "x")), Path.of("."))))
                .isInstanceOfSatisfying(KilnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ADAPTER_UNAVAILABLE));
    }
}
