package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.QueryResult;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatistics;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StatementType;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Runs statements through the Athena API: {@code StartQueryExecution}, then
 * {@code GetQueryExecution} polled with a growing interval (up to {@code poll_interval}) until
 * the query ends, then {@code GetQueryResults} page by page. {@link #cancel()} calls
 * {@code StopQueryExecution}; once cancelled, the engine runs no further statements. API calls
 * are retried by the {@link Retrier}; a query that fails
 * with an error Athena marks as retryable is started again when it writes no data.
 */
public final class ApiQueryEngine implements QueryEngine {

    private static final int PAGE_SIZE = 1000;
    private static final Duration FIRST_POLL = Duration.ofMillis(100);
    private static final Set<String> WRITES = Set.of("CREATE_TABLE_AS_SELECT", "INSERT", "UPDATE", "DELETE", "MERGE",
            "VACUUM", "OPTIMIZE", "UNLOAD");

    private final AthenaClient athena;
    private final AthenaSettings settings;
    private final Retrier retrier;
    private volatile String running;
    private volatile boolean cancelled;
    private volatile QueryStats last = QueryStats.UNKNOWN;

    /**
     * @param athena   the Athena client
     * @param settings the target's settings (work group, result location, catalog, schema, poll interval)
     * @param retrier  how API calls and retryable queries are retried
     */
    public ApiQueryEngine(AthenaClient athena, AthenaSettings settings, Retrier retrier) {
        this.athena = athena;
        this.settings = settings;
        this.retrier = retrier;
    }

    @Override
    public long execute(String sql) {
        try {
            return executeOrThrow(sql);
        } catch (SdkException e) {
            throw apiFailure(e);
        }
    }

    @Override
    public QueryResult query(String sql, int maxRows) {
        try {
            return queryOrThrow(sql, maxRows);
        } catch (SdkException e) {
            throw apiFailure(e);
        }
    }

    private long executeOrThrow(String sql) {
        QueryExecution q = run(sql);
        String sub = q.substatementType() == null ? "" : q.substatementType().toUpperCase(Locale.ROOT);
        if (!WRITES.contains(sub)) {
            return -1;
        }
        GetQueryResultsResponse r = retrier.call("athena:GetQueryResults",
                () -> athena.getQueryResults(b -> b.queryExecutionId(q.queryExecutionId()).maxResults(1)));
        return r.updateCount() == null ? -1 : r.updateCount();
    }

    private QueryResult queryOrThrow(String sql, int maxRows) {
        QueryExecution q = run(sql);
        boolean header = q.statementType() == StatementType.DML;
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        String token = null;
        boolean first = true;
        do {
            String next = token;
            int want = (int) Math.min(PAGE_SIZE, (long) maxRows - rows.size() + 1 + (first && header ? 1 : 0));
            GetQueryResultsResponse page = retrier.call("athena:GetQueryResults", () -> athena.getQueryResults(b -> b
                    .queryExecutionId(q.queryExecutionId()).nextToken(next).maxResults(Math.max(1, want))));
            if (first) {
                for (ColumnInfo c : page.resultSet().resultSetMetadata().columnInfo()) {
                    names.add(c.label() != null ? c.label() : c.name());
                    types.add(typeName(c));
                }
            }
            List<Row> pageRows = page.resultSet().rows();
            int from = first && header && !pageRows.isEmpty() && isHeader(pageRows.get(0), names) ? 1 : 0;
            for (int i = from; i < pageRows.size(); i++) {
                if (rows.size() == maxRows) {
                    truncated = true;
                    break;
                }
                rows.add(row(pageRows.get(i), types));
            }
            first = false;
            token = page.nextToken();
        } while (token != null && !truncated);
        return new QueryResult(names, types, rows, truncated);
    }

    @Override
    public QueryStats lastStats() {
        return last;
    }

    @Override
    public void cancel() {
        cancelled = true;
        String id = running;
        if (id != null) {
            stop(id);
        }
    }

    @Override
    public void close() {
        cancel();
    }

    /** Starts a query and waits for it to succeed; retries it when Athena says so and it writes nothing. */
    private QueryExecution run(String sql) {
        if (cancelled) {
            throw new KilnException(ErrorCode.CANCELLED, "The session was cancelled; no further statements run.");
        }
        for (int attempt = 0; ; attempt++) {
            QueryExecution q = startAndWait(sql);
            QueryExecutionState state = q.status().state();
            if (state == QueryExecutionState.SUCCEEDED) {
                return q;
            }
            if (state == QueryExecutionState.CANCELLED || cancelled) {
                throw new KilnException(ErrorCode.CANCELLED, "Athena query " + q.queryExecutionId() + " was cancelled.");
            }
            AthenaError err = q.status().athenaError();
            String sub = q.substatementType() == null ? "" : q.substatementType().toUpperCase(Locale.ROOT);
            boolean retryable = err != null && Boolean.TRUE.equals(err.retryable()) && !WRITES.contains(sub);
            if (!retryable || attempt >= retrier.backoff().retries()) {
                throw failure(q);
            }
            retrier.pause(retrier.backoff().delay(attempt));
        }
    }

    private QueryExecution startAndWait(String sql) {
        StartQueryExecutionRequest.Builder req = StartQueryExecutionRequest.builder()
                .queryString(sql)
                .workGroup(settings.workGroup())
                .clientRequestToken(UUID.randomUUID().toString())
                .queryExecutionContext(c -> c.catalog(settings.catalog()).database(settings.schema()));
        if (settings.stagingDir() != null) {
            req.resultConfiguration(r -> r.outputLocation(settings.stagingDir().toString()));
        }
        StartQueryExecutionRequest request = req.build();
        String id = retrier.call("athena:StartQueryExecution", () -> athena.startQueryExecution(request)).queryExecutionId();
        running = id;
        try {
            if (cancelled) {
                stop(id);
            }
            Duration wait = FIRST_POLL;
            while (true) {
                QueryExecution q = retrier.call("athena:GetQueryExecution",
                        () -> athena.getQueryExecution(b -> b.queryExecutionId(id))).queryExecution();
                QueryExecutionState state = q.status().state();
                if (state != QueryExecutionState.QUEUED && state != QueryExecutionState.RUNNING) {
                    last = stats(q);
                    return q;
                }
                if (cancelled) {
                    last = stats(q);
                    throw new KilnException(ErrorCode.CANCELLED, "Athena query " + id + " was cancelled.");
                }
                retrier.pause(wait);
                wait = wait.multipliedBy(2);
                if (wait.compareTo(settings.pollInterval()) > 0) {
                    wait = settings.pollInterval();
                }
            }
        } finally {
            running = null;
        }
    }

    private void stop(String id) {
        try {
            retrier.call("athena:StopQueryExecution", () -> athena.stopQueryExecution(b -> b.queryExecutionId(id)));
        } catch (SdkException ignored) {
            // the query may have ended meanwhile; polling reports its final state
        }
    }

    private static QueryStats stats(QueryExecution q) {
        QueryExecutionStatistics s = q.statistics();
        return new QueryStats(q.queryExecutionId(),
                s == null || s.dataScannedInBytes() == null ? -1 : s.dataScannedInBytes(),
                s == null || s.engineExecutionTimeInMillis() == null ? -1 : s.engineExecutionTimeInMillis());
    }

    private static KilnException failure(QueryExecution q) {
        String reason = q.status().stateChangeReason();
        AthenaError err = q.status().athenaError();
        if (reason == null && err != null) {
            reason = err.errorMessage();
        }
        String type = err != null && err.errorType() != null ? " (error type " + err.errorType() + ")" : "";
        return new KilnException(ErrorCode.EXECUTION_FAILED, (reason == null ? "Athena query failed" : reason.strip())
                + type + " [query " + q.queryExecutionId() + "]");
    }

    private static KilnException apiFailure(SdkException e) {
        String message = e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && s.awsErrorDetails().errorMessage() != null ? s.awsErrorDetails().errorMessage() : e.getMessage();
        return new KilnException(ErrorCode.EXECUTION_FAILED, "Athena: " + message, e);
    }

    private static String typeName(ColumnInfo c) {
        String t = c.type() == null ? "varchar" : c.type();
        if ("decimal".equalsIgnoreCase(t) && c.precision() != null && c.precision() > 0) {
            return t + "(" + c.precision() + "," + (c.scale() == null ? 0 : c.scale()) + ")";
        }
        return t;
    }

    private static boolean isHeader(Row row, List<String> names) {
        List<Datum> data = row.data();
        if (data.size() != names.size()) {
            return false;
        }
        for (int i = 0; i < data.size(); i++) {
            if (!names.get(i).equals(data.get(i).varCharValue())) {
                return false;
            }
        }
        return true;
    }

    private static List<Object> row(Row row, List<String> types) {
        List<Object> out = new ArrayList<>(types.size());
        List<Datum> data = row.data();
        for (int i = 0; i < types.size(); i++) {
            out.add(i < data.size() ? AthenaValues.convert(types.get(i), data.get(i).varCharValue()) : null);
        }
        return out;
    }
}
