package dev.kiln.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Athena API path, against recorded Athena responses served through the SDK's HTTP client SPI. */
class ApiQueryEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordedAws aws = new RecordedAws();
    private AthenaAdapter adapter;

    private Session session(Map<String, Object> settings) {
        adapter = AthenaAdapter.open(Targets.settings(settings), aws.setup());
        return adapter.openSession();
    }

    private Session session() {
        return session(Map.of());
    }

    @AfterEach
    void close() {
        if (adapter != null) {
            adapter.close();
        }
    }

    static String execution(String id, String state, String statementType, String substatement, String extra) {
        return "{\"QueryExecution\":{\"QueryExecutionId\":\"" + id + "\",\"StatementType\":\"" + statementType
                + "\",\"SubstatementType\":\"" + substatement + "\",\"Status\":{\"State\":\"" + state + "\"" + extra
                + "},\"Statistics\":{\"DataScannedInBytes\":1048576,\"EngineExecutionTimeInMillis\":1234}}}";
    }

    static String started(String id) {
        return "{\"QueryExecutionId\":\"" + id + "\"}";
    }

    static String results(String columns, String rows, String nextToken) {
        return "{\"ResultSet\":{\"ResultSetMetadata\":{\"ColumnInfo\":[" + columns + "]},\"Rows\":[" + rows + "]}"
                + (nextToken == null ? "" : ",\"NextToken\":\"" + nextToken + "\"") + "}";
    }

    static String col(String name, String type) {
        return "{\"Name\":\"" + name + "\",\"Label\":\"" + name + "\",\"Type\":\"" + type + "\"}";
    }

    static String row(String... values) {
        StringBuilder sb = new StringBuilder("{\"Data\":[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ",").append(values[i] == null ? "{}" : "{\"VarCharValue\":\"" + values[i] + "\"}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void pollsUntilTheQuerySucceedsThenReadsItsRows() throws Exception {
        aws.on("StartQueryExecution", started("q-1"))
                .on("GetQueryExecution", execution("q-1", "QUEUED", "DML", "SELECT", ""))
                .on("GetQueryExecution", execution("q-1", "RUNNING", "DML", "SELECT", ""))
                .on("GetQueryExecution", execution("q-1", "RUNNING", "DML", "SELECT", ""))
                .on("GetQueryExecution", execution("q-1", "SUCCEEDED", "DML", "SELECT", ""))
                .on("GetQueryResults", results(col("id", "integer") + "," + col("name", "varchar"),
                        row("id", "name") + "," + row("1", "a") + "," + row("2", null), null));
        Session s = session(Map.of("poll_interval", "0.3"));
        QueryResult r = s.query("select id, name from t", 10);

        assertThat(r.columns()).containsExactly("id", "name");
        assertThat(r.types()).containsExactly("integer", "varchar");
        assertThat(r.rows()).containsExactly(List.of(1, "a"), java.util.Arrays.asList(2, null));
        assertThat(r.truncated()).isFalse();
        assertThat(aws.operations()).containsExactly("StartQueryExecution", "GetQueryExecution", "GetQueryExecution",
                "GetQueryExecution", "GetQueryExecution", "GetQueryResults");
        assertThat(aws.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));

        JsonNode start = JSON.readTree(aws.calls("StartQueryExecution").get(0).body());
        assertThat(start.get("QueryString").asText()).isEqualTo("select id, name from t");
        assertThat(start.get("WorkGroup").asText()).isEqualTo("analytics");
        assertThat(start.at("/QueryExecutionContext/Catalog").asText()).isEqualTo("AwsDataCatalog");
        assertThat(start.at("/QueryExecutionContext/Database").asText()).isEqualTo("datavision");
        assertThat(start.at("/ResultConfiguration/OutputLocation").asText()).isEqualTo("s3://results/athena/");
        assertThat(start.get("ClientRequestToken").asText()).isNotBlank();
        assertThat(aws.calls("StartQueryExecution").get(0).headers().get("Authorization").get(0)).contains("AKIDTEST");
        assertThat(s.lastResponse()).containsEntry("query_id", "q-1").containsEntry("data_scanned_bytes", 1048576L)
                .containsEntry("engine_execution_time_ms", 1234L);
    }

    @Test
    void pagesThroughResultsWithNextToken() throws Exception {
        aws.on("StartQueryExecution", started("q-2"))
                .on("GetQueryExecution", execution("q-2", "SUCCEEDED", "DML", "SELECT", ""))
                .on("GetQueryResults", results(col("n", "bigint"), row("n") + "," + row("1") + "," + row("2"), "page-2"))
                .on("GetQueryResults", results(col("n", "bigint"), row("3") + "," + row("4"), "page-3"))
                .on("GetQueryResults", results(col("n", "bigint"), row("5"), null));
        QueryResult r = session().query("select n from t", 100);

        assertThat(r.rows()).extracting(x -> x.get(0)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(r.truncated()).isFalse();
        List<RecordedAws.Call> pages = aws.calls("GetQueryResults");
        assertThat(pages).hasSize(3);
        assertThat(JSON.readTree(pages.get(0).body()).has("NextToken")).isFalse();
        assertThat(JSON.readTree(pages.get(1).body()).get("NextToken").asText()).isEqualTo("page-2");
        assertThat(JSON.readTree(pages.get(2).body()).get("NextToken").asText()).isEqualTo("page-3");
    }

    @Test
    void stopsReadingAtMaxRowsAndSaysSo() throws Exception {
        aws.on("StartQueryExecution", started("q-3"))
                .on("GetQueryExecution", execution("q-3", "SUCCEEDED", "DML", "SELECT", ""))
                .on("GetQueryResults", results(col("n", "integer"), row("n") + "," + row("1") + "," + row("2") + "," + row("3"), "more"));
        QueryResult r = session().query("select n from t", 2);

        assertThat(r.rows()).hasSize(2);
        assertThat(r.truncated()).isTrue();
        assertThat(aws.calls("GetQueryResults")).hasSize(1);
        assertThat(JSON.readTree(aws.calls("GetQueryResults").get(0).body()).get("MaxResults").asInt()).isEqualTo(4);
    }

    @Test
    void convertsValuesByColumnType() {
        aws.on("StartQueryExecution", started("q-4"))
                .on("GetQueryExecution", execution("q-4", "SUCCEEDED", "DML", "SELECT", ""))
                .on("GetQueryResults", "{\"ResultSet\":{\"ResultSetMetadata\":{\"ColumnInfo\":["
                        + col("b", "boolean") + "," + col("d", "date") + "," + col("ts", "timestamp") + ","
                        + "{\"Name\":\"m\",\"Label\":\"m\",\"Type\":\"decimal\",\"Precision\":10,\"Scale\":2},"
                        + col("x", "double") + "," + col("a", "array") + "]},\"Rows\":["
                        + row("b", "d", "ts", "m", "x", "a") + ","
                        + row("true", "2026-11-01", "2026-11-01 12:30:00.123", "9.99", "0.5", "[1, 2]") + "]}}");
        QueryResult r = session().query("select …", 10);

        assertThat(r.types()).containsExactly("boolean", "date", "timestamp", "decimal(10,2)", "double", "array");
        assertThat(r.rows().get(0)).containsExactly(true, LocalDate.of(2026, 11, 1),
                LocalDateTime.of(2026, 11, 1, 12, 30, 0, 123_000_000), new BigDecimal("9.99"), 0.5, "[1, 2]");
    }

    @Test
    void executeReturnsTheRowsACtasWrote() {
        aws.on("StartQueryExecution", started("q-5"))
                .on("GetQueryExecution", execution("q-5", "SUCCEEDED", "DDL", "CREATE_TABLE_AS_SELECT", ""))
                .on("GetQueryResults", "{\"UpdateCount\":42,\"ResultSet\":{\"Rows\":[],\"ResultSetMetadata\":{\"ColumnInfo\":[]}}}");
        assertThat(session().execute("create table x as select …")).isEqualTo(42);
    }

    @Test
    void ddlWithoutRowsReturnsMinusOneWithoutReadingResults() {
        aws.on("StartQueryExecution", started("q-6"))
                .on("GetQueryExecution", execution("q-6", "SUCCEEDED", "DDL", "CREATE_VIEW", ""));
        assertThat(session().execute("create or replace view v as select 1")).isEqualTo(-1);
        assertThat(aws.operations()).doesNotContain("GetQueryResults");
    }

    @Test
    void retriesThrottledCallsWithJitteredBackoffAndTheSameRequestToken() throws Exception {
        aws.on("StartQueryExecution", 400, RecordedAws.error("ThrottlingException", "Rate exceeded"))
                .on("StartQueryExecution", 400, RecordedAws.error("TooManyRequestsException", "Slow down"))
                .on("StartQueryExecution", started("q-7"))
                .on("GetQueryExecution", 500, RecordedAws.error("InternalServerException", "oops"))
                .on("GetQueryExecution", execution("q-7", "SUCCEEDED", "DDL", "CREATE_VIEW", ""));
        session().execute("create or replace view v as select 1");

        List<RecordedAws.Call> starts = aws.calls("StartQueryExecution");
        assertThat(starts).hasSize(3);
        String token = JSON.readTree(starts.get(0).body()).get("ClientRequestToken").asText();
        for (RecordedAws.Call c : starts) {
            assertThat(JSON.readTree(c.body()).get("ClientRequestToken").asText()).isEqualTo(token);
        }
        assertThat(aws.calls("GetQueryExecution")).hasSize(2);
        // full jitter: each wait lies between zero and its ceiling (0.5 s, then 1 s)
        assertThat(aws.sleeps).hasSize(3);
        assertThat(aws.sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(500));
        assertThat(aws.sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(1000));
    }

    @Test
    void givesUpAfterNumRetries() {
        aws.on("StartQueryExecution", 400, RecordedAws.error("ThrottlingException", "Rate exceeded"));
        Session s = session(Map.of("num_retries", 2));
        assertThatThrownBy(() -> s.execute("select 1"))
                .isInstanceOfSatisfying(KilnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                    assertThat(e.getMessage()).contains("Rate exceeded");
                });
        assertThat(aws.calls("StartQueryExecution")).hasSize(3);
    }

    @Test
    void doesNotRetryRequestErrors() {
        aws.on("StartQueryExecution", 400, RecordedAws.error("InvalidRequestException", "line 1:8: mismatched input 'form'"));
        assertThatThrownBy(() -> session().execute("select * form t"))
                .isInstanceOf(KilnException.class).hasMessageContaining("mismatched input 'form'");
        assertThat(aws.calls("StartQueryExecution")).hasSize(1);
        assertThat(aws.sleeps).isEmpty();
    }

    @Test
    void aFailedQueryIsAnExecutionFailureWithAthenasReason() {
        aws.on("StartQueryExecution", started("q-8"))
                .on("GetQueryExecution", execution("q-8", "RUNNING", "DML", "SELECT", ""))
                .on("GetQueryExecution", execution("q-8", "FAILED", "DML", "SELECT",
                        ",\"StateChangeReason\":\"TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.datavision.nope' does not exist\","
                                + "\"AthenaError\":{\"ErrorCategory\":2,\"ErrorType\":1301,\"Retryable\":false}"));
        Session s = session();
        assertThatThrownBy(() -> s.query("select * from nope", 1))
                .isInstanceOfSatisfying(KilnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                    assertThat(e.getMessage()).contains("TABLE_NOT_FOUND").contains("nope").contains("q-8");
                });
        assertThat(aws.calls("StartQueryExecution")).hasSize(1);
        assertThat(s.lastResponse()).containsEntry("query_id", "q-8");
    }

    @Test
    void reRunsAReadThatFailedWithARetryableErrorButNeverAWrite() {
        String transientFailure = ",\"StateChangeReason\":\"GENERIC_INTERNAL_ERROR: try again\","
                + "\"AthenaError\":{\"ErrorCategory\":1,\"ErrorType\":401,\"Retryable\":true}";
        aws.on("StartQueryExecution", started("q-9"))
                .on("GetQueryExecution", execution("q-9", "FAILED", "DML", "SELECT", transientFailure))
                .on("GetQueryExecution", execution("q-9", "SUCCEEDED", "DML", "SELECT", ""))
                .on("GetQueryResults", results(col("x", "integer"), row("x") + "," + row("1"), null));
        Session s = session();
        assertThat(s.query("select 1 as x", 1).rows()).hasSize(1);
        assertThat(aws.calls("StartQueryExecution")).hasSize(2);

        RecordedAws writes = new RecordedAws();
        writes.on("StartQueryExecution", started("q-10"))
                .on("GetQueryExecution", execution("q-10", "FAILED", "DML", "INSERT", transientFailure));
        try (AthenaAdapter a = AthenaAdapter.open(Targets.settings(), writes.setup()); Session w = a.openSession()) {
            assertThatThrownBy(() -> w.execute("insert into t select 1")).hasMessageContaining("GENERIC_INTERNAL_ERROR");
        }
        assertThat(writes.calls("StartQueryExecution")).hasSize(1);
    }

    @Test
    void cancelStopsTheRunningQuery() throws Exception {
        AtomicReference<Session> current = new AtomicReference<>();
        aws.on("StartQueryExecution", started("q-11"))
                .on("GetQueryExecution", execution("q-11", "RUNNING", "DML", "SELECT", ""))
                .on("StopQueryExecution", "{}");
        AwsSetup base = aws.setup();
        // the "other thread" cancels while the worker waits between two polls
        AwsSetup setup = new AwsSetup(base.httpClient(), base.credentials(), null, d -> {
            aws.sleeps.add(d);
            if (aws.sleeps.size() == 3) {
                current.get().cancel();
            }
        }, base.uuids());
        adapter = AthenaAdapter.open(Targets.settings(), setup);
        Session s = adapter.openSession();
        current.set(s);

        assertThatThrownBy(() -> s.query("select count(*) from huge", 1))
                .isInstanceOfSatisfying(KilnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(aws.calls("StopQueryExecution")).hasSize(1);
        assertThat(JSON.readTree(aws.calls("StopQueryExecution").get(0).body()).get("QueryExecutionId").asText())
                .isEqualTo("q-11");
        // a cancelled session starts nothing more
        assertThatThrownBy(() -> s.execute("drop view v"))
                .isInstanceOfSatisfying(KilnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(aws.calls("StartQueryExecution")).hasSize(1);
    }

    @Test
    void aQueryCancelledInAthenaIsACancellation() {
        aws.on("StartQueryExecution", started("q-12"))
                .on("GetQueryExecution", execution("q-12", "CANCELLED", "DML", "SELECT", ",\"StateChangeReason\":\"Query cancelled by user\""));
        assertThatThrownBy(() -> session().query("select 1", 1))
                .isInstanceOfSatisfying(KilnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
    }
}
