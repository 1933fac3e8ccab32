package dev.kiln.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.spi.QueryResult;
import dev.kiln.Relation;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.TargetConfig;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.Materializer;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.RelationKind;
import dev.kiln.spi.Session;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In-run retries on a real DuckDB: a delegating adapter makes the statements of chosen models
 * fail with a real transient error (a dropped connection) a given number of times before
 * handing them to DuckDB; permanent SQL errors come from DuckDB itself.
 */
class TransientRetryTest {

    @TempDir
    Path dir;

    /** DuckDB, except that the first N statements mentioning a marker fail as a dropped connection would. */
    static final class FlakyDuckDb implements AdapterProvider {
        final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final AtomicInteger sessionsOpened = new AtomicInteger();
        private final DuckDbProvider duckdb = new DuckDbProvider();

        FlakyDuckDb failing(String marker, int times) {
            failuresLeft.put(marker, new AtomicInteger(times));
            attempts.put(marker, new AtomicInteger());
            return this;
        }

        @Override
        public String type() {
            return "duckdb";
        }

        @Override
        public Dialect dialect(TargetConfig target) {
            return duckdb.dialect(target);
        }

        @Override
        public Adapter open(AdapterContext context) {
            Adapter real = duckdb.open(context);
            return new Adapter() {
                @Override
                public Dialect dialect() {
                    return real.dialect();
                }

                @Override
                public Session openSession() {
                    sessionsOpened.incrementAndGet();
                    return new FlakySession(real.openSession());
                }

                @Override
                public Materializer materializer() {
                    return real.materializer();
                }

                @Override
                public boolean isTransient(Throwable failure) {
                    for (Throwable t = failure; t != null; t = t.getCause()) {
                        if (t instanceof java.sql.SQLTransientException) {
                            return true;
                        }
                    }
                    return false;
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        }

        private final class FlakySession implements Session {
            private final Session real;

            FlakySession(Session real) {
                this.real = real;
            }

            private void maybeFail(String sql) {
                failuresLeft.forEach((marker, left) -> {
                    String head = sql.lines().findFirst().orElse("").toLowerCase(java.util.Locale.ROOT);
                    // the statement that creates the model's relation (or its temporary twin)
                    if (head.startsWith("create") && head.contains(marker)) {
                        attempts.get(marker).incrementAndGet();
                        if (left.getAndDecrement() > 0) {
                            throw new IllegalStateException("Cannot run the statement of " + marker,
                                    new SQLTransientConnectionException("Connection reset by peer"));
                        }
                    }
                });
            }

            @Override
            public long execute(String sql) {
                maybeFail(sql);
                return real.execute(sql);
            }

            @Override
            public QueryResult query(String sql, int maxRows) {
                return real.query(sql, maxRows);
            }

            @Override
            public Map<Relation, RelationKind> relations(Collection<String> schemas) {
                return real.relations(schemas);
            }

            @Override
            public Optional<RelationInfo> describe(Relation relation) {
                return real.describe(relation);
            }

            @Override
            public void ensureSchema(String schema) {
                real.ensureSchema(schema);
            }

            @Override
            public Map<String, Object> lastResponse() {
                return real.lastResponse();
            }

            @Override
            public void cancel() {
                real.cancel();
            }

            @Override
            public void close() {
                real.close();
            }
        }
    }

    private TempProject project() {
        return TempProject.create(dir, "shop", "duckdb")
                .file("kiln.yml", """
                        name: shop
                        models:
                          +materialized: table
                          +retries: 3
                          +retry_delay: 0.01
                        targets:
                          dev: {type: duckdb, path: target/shop.duckdb, threads: 2}
                        """)
                .file("models/flaky_orders.sql", "select 1 as id\n")
                .file("models/once_only.sql", "<@config retries=1 />\nselect 2 as id\n")
                .file("models/no_retries.sql", "<@config retries=0 />\nselect 3 as id\n")
                .file("models/broken.sql", "select no_such_column from missing_table_xyz\n")
                .file("models/downstream.sql", "select * from ${ref('flaky_orders')}\n");
    }

    @Test
    void aTransientFailureIsRetriedOnAFreshSessionAndCountedInRunResults() throws Exception {
        TempProject p = project();
        FlakyDuckDb flaky = new FlakyDuckDb().failing("flaky_orders", 2).failing("once_only", 2)
                .failing("no_retries", 1);
        RunResults results;
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).adapter(flaky).load()) {
            results = kiln.build(Selection.ALL);
        }
        assertThat(status(results, "flaky_orders").status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(status(results, "flaky_orders").retries()).isEqualTo(2);
        assertThat(flaky.attempts.get("flaky_orders").get()).isEqualTo(3);
        assertThat(status(results, "downstream").status()).isEqualTo(NodeStatus.SUCCESS);
        // retries: 1 is not enough for two failures
        assertThat(status(results, "once_only").status()).isEqualTo(NodeStatus.ERROR);
        assertThat(status(results, "once_only").retries()).isEqualTo(1);
        assertThat(status(results, "once_only").message()).contains("once_only");
        assertThat(status(results, "no_retries").status()).isEqualTo(NodeStatus.ERROR);
        assertThat(status(results, "no_retries").retries()).isZero();
        assertThat(flaky.attempts.get("no_retries").get()).isEqualTo(1);
        // each transient failure discarded its session: 2 workers + one fresh session per retry (2 + 1)
        assertThat(flaky.sessionsOpened.get()).isGreaterThanOrEqualTo(2 + 3);

        JsonNode runResults = new ObjectMapper().readTree(p.root().resolve("target/run_results.json").toFile());
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        runResults.get("results").forEach(r -> byId.put(r.get("unique_id").asText(), r));
        // dbt's run results have no field for it: it is in adapter_response, when there were retries
        assertThat(byId.get("model.shop.flaky_orders").at("/adapter_response/retries").asInt()).isEqualTo(2);
        assertThat(byId.get("model.shop.flaky_orders").get("status").asText()).isEqualTo("success");
        assertThat(byId.get("model.shop.once_only").at("/adapter_response/retries").asInt()).isEqualTo(1);
        assertThat(byId.get("model.shop.downstream").at("/adapter_response").has("retries")).isFalse();
    }

    @Test
    void aPermanentSqlErrorIsNeverRetried() throws Exception {
        TempProject p = project();
        FlakyDuckDb flaky = new FlakyDuckDb().failing("broken", 0);
        RunResults results;
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).adapter(flaky).load()) {
            results = kiln.build(Selection.parse("broken"));
        }
        NodeResult broken = status(results, "broken");
        assertThat(broken.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(broken.message()).containsIgnoringCase("missing_table_xyz");
        assertThat(broken.retries()).isZero();
        // DuckDB saw the statement once, though the node allows 3 retries
        assertThat(flaky.attempts.get("broken").get()).isEqualTo(1);
    }

    private static NodeResult status(RunResults results, String name) {
        return results.results().stream().filter(r -> r.uniqueId().equals("model.shop." + name)).findFirst().orElseThrow();
    }
}
