package dev.kiln.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.ColumnRef;
import dev.kiln.Kiln;
import dev.kiln.LineageGraph;
import dev.kiln.ModelAnalysis;
import dev.kiln.spi.RemoteFiles;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Column lineage knows the columns of a source whose {@code external_location} is on S3 from its first file's
 * Parquet footer or CSV header, read with ranged GETs from an S3-compatible endpoint on loopback (Parquet written by
 * a real DuckDB), never the whole object.
 */
class S3SourceColumnsTest {

    @TempDir
    Path dir;

    private LoopbackS3 s3;

    @BeforeEach
    void start() throws Exception {
        s3 = new LoopbackS3();
        System.setProperty("aws.accessKeyId", "AKIDLOOPBACK");
        System.setProperty("aws.secretAccessKey", "loopback-secret");
        System.setProperty("aws.region", "eu-west-1");
    }

    @AfterEach
    void stop() {
        s3.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.region");
        System.clearProperty("aws.endpointUrlS3");
    }

    /** A Parquet file's bytes, written by DuckDB from {@code select}. */
    private byte[] parquet(String select) throws Exception {
        Path f = Files.createTempFile(dir, "p", ".parquet");
        Files.delete(f);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("copy (" + select + ") to '" + f + "' (format parquet)");
        }
        return Files.readAllBytes(f);
    }

    @Test
    void aSourceOnS3HasItsFirstFilesColumnsReadFromItsFooterAndHeader() throws Exception {
        s3.objects.put("lake/orders/2026-01.parquet", parquet("select 1 as order_id, 250 as amount_cents,"
                + " {'city': 'Lyon'} as address, 'x' as \"Mixed Case\", range as filler from range(20000)"));
        s3.objects.put("lake/orders/2026-02.parquet", parquet("select 1 as other")); // later in name order: not read
        s3.put("lake/refunds/refunds.csv", "\uFEFFrefund_id,\"amount, cents\",order_id\r\n1,100,1\n");
        s3.put("lake/refunds/sub/ignored.csv", "nested\n");
        System.setProperty("aws.endpointUrlS3", s3.endpoint());
        TempProject.create(dir, "shop", "duckdb")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: lake
                            tables:
                              - name: orders
                                external_location: s3://lake/orders/*.parquet
                                columns: [{name: order_id}]
                              - name: refunds
                                external_location: s3://lake/refunds/
                              - name: nothing_there
                                external_location: s3://lake/none/*.parquet
                        """)
                .file("models/all_orders.sql", "select * from ${source('lake', 'orders')}\n")
                .file("models/all_refunds.sql", "select * from ${source('lake', 'refunds')}\n")
                .file("models/revenue.sql", "select order_id, amount_cents / 100.0 as amount from ${ref('all_orders')}\n");

        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            assertThat(kiln.analysis().model("model.shop.all_orders").orElseThrow().columnsComplete()).isFalse();
            assertThat(s3.requests).isEmpty(); // compiling reads nothing remote
        }
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            assertThat(kiln.readSourceColumns()).isTrue();
            ModelAnalysis orders = kiln.analysis().model("model.shop.all_orders").orElseThrow();
            assertThat(orders.columnNames()).containsExactly("order_id", "amount_cents", "address", "Mixed Case", "filler");
            assertThat(orders.columnsComplete()).isTrue();
            assertThat(kiln.analysis().model("model.shop.all_refunds").orElseThrow().columnNames())
                    .containsExactly("refund_id", "amount, cents", "order_id");
            LineageGraph g = kiln.analysis().lineage();
            assertThat(g.downstream(new ColumnRef("source.shop.lake.orders", "amount_cents")))
                    .extracting(s -> g.displayName(s.column()))
                    .containsExactly("all_orders.amount_cents", "revenue.amount");
        }
        // every object read is read in one range: the Parquet file's tail, the CSV file's head; never whole
        List<LoopbackS3.Request> reads = s3.requests.stream().filter(r -> !r.target().contains("list-type")).toList();
        assertThat(reads).extracting(LoopbackS3.Request::target)
                .containsExactlyInAnyOrder("/lake/orders/2026-01.parquet", "/lake/refunds/refunds.csv");
        assertThat(reads).allMatch(r -> r.range() != null && r.auth().equals("AWS4-HMAC-SHA256"));
        assertThat(reads).filteredOn(r -> r.target().endsWith(".parquet")).extracting(LoopbackS3.Request::range)
                .containsExactly("bytes=-65536");
        JsonNode kept = new ObjectMapper().readTree(dir.resolve("target/source_columns.json").toFile());
        assertThat(kept.path("sources").path("source.shop.lake.orders").path("from").asText()).isEqualTo("files");
        assertThat(kept.path("sources").path("source.shop.lake.orders").path("at").asText())
                .isEqualTo("s3://lake/orders/*.parquet");
        assertThat(kept.path("sources").has("source.shop.lake.nothing_there")).isFalse();

        s3.requests.clear();
        System.clearProperty("aws.endpointUrlS3");
        try (Kiln offline = Kiln.configure().projectDir(dir).load()) { // a later compile, offline, knows them
            assertThat(offline.analysis().model("model.shop.all_orders").orElseThrow().columnsComplete()).isTrue();
        }
        assertThat(s3.requests).isEmpty();
    }

    @Test
    void aFooterLargerThanOneRangeTakesASecondAndDuckDbsEndpointSpellingWorks() throws Exception {
        String columns = IntStream.range(0, 1500).mapToObj(i -> i + " as a_rather_long_column_name_number_" + i)
                .collect(Collectors.joining(", "));
        byte[] wide = parquet("select " + columns);
        s3.objects.put("lake/wide/part-0.parquet", wide);
        int port = Integer.parseInt(s3.endpoint().substring(s3.endpoint().lastIndexOf(':') + 1));
        RemoteFiles files = java.util.ServiceLoader.load(RemoteFiles.class).stream().map(java.util.ServiceLoader.Provider::get)
                .filter(f -> f.scheme().equals("s3")).findFirst().orElseThrow();
        // a duckdb target's settings: map, as DuckDB's httpfs spells them
        try (RemoteFiles.Client client = files.open(Map.of("s3_endpoint", "127.0.0.1:" + port, "s3_use_ssl", false,
                "s3_region", "eu-west-1"))) {
            List<RemoteFiles.RemoteFile> found = client.list("s3://lake/wide/*.parquet");
            assertThat(found).containsExactly(new RemoteFiles.RemoteFile("s3://lake/wide/part-0.parquet", wide.length));
            byte[] tail = client.read(found.get(0), -8, 0);
            assertThat(new String(tail, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
            int footer = java.nio.ByteBuffer.wrap(tail, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            assertThat(footer).isGreaterThan(64 << 10); // so the reader needs a second range
        }
        System.setProperty("aws.endpointUrlS3", s3.endpoint());
        TempProject.create(dir, "shop", "duckdb")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: lake
                            tables:
                              - name: wide
                                external_location: s3://lake/wide/*.parquet
                        """)
                .file("models/all_wide.sql", "select * from ${source('lake', 'wide')}\n");
        s3.requests.clear();
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            kiln.readSourceColumns();
            ModelAnalysis all = kiln.analysis().model("model.shop.all_wide").orElseThrow();
            assertThat(all.columnNames()).hasSize(1500).startsWith("a_rather_long_column_name_number_0")
                    .endsWith("a_rather_long_column_name_number_1499");
        }
        assertThat(s3.requests.stream().filter(r -> !r.target().contains("list-type")).map(LoopbackS3.Request::range))
                .hasSize(2).first().isEqualTo("bytes=-65536");
    }
}
