package dev.kiln.trinosql;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RowHandler;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDBC runner both adapters use, against a real JDBC driver (DuckDB's, in memory). */
class JdbcStatementsTest {

    @Test
    void runsStatementsQueriesAndStreamsOnOneConnectionOpenedOnFirstUse() {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger prepared = new AtomicInteger();
        try (JdbcStatements s = new JdbcStatements(() -> {
            opened.incrementAndGet();
            return DriverManager.getConnection("jdbc:duckdb:");
        }, st -> prepared.incrementAndGet())) {
            assertThat(opened).hasValue(0);
            assertThat(s.execute("create table t as select * from range(5) r(x)")).isEqualTo(5);
            assertThat(s.execute("insert into t values (7)")).isEqualTo(1);
            QueryResult r = s.query("select x from t order by x", 3);
            assertThat(r.columns()).containsExactly("x");
            assertThat(r.rows()).extracting(row -> ((Number) row.get(0)).intValue()).containsExactly(0, 1, 2);
            assertThat(r.truncated()).isTrue();
            List<String> seen = new ArrayList<>();
            s.stream("select x from t where x > 3 order by x", new RowHandler() {
                @Override
                public void start(List<String> columns, List<String> types) {
                    seen.add(String.join(",", columns));
                }

                @Override
                public void row(List<Object> values) {
                    seen.add(String.valueOf(values.get(0)));
                }
            });
            assertThat(seen).containsExactly("x", "4", "7");
            assertThat(s.execute("select 1")).as("a statement returning rows").isEqualTo(-1);
            assertThat(opened).hasValue(1);
            assertThat(prepared).hasValue(5);
        }
    }

    @Test
    void failuresCarryTheDriversMessage() {
        try (JdbcStatements s = new JdbcStatements(() -> DriverManager.getConnection("jdbc:duckdb:"))) {
            assertThatThrownBy(() -> s.query("select * from no_such_table_anywhere", 1))
                    .isInstanceOfSatisfying(KilnException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                        assertThat(e.getMessage()).contains("no_such_table_anywhere");
                    });
            assertThat(s.query("select 42", 1).scalar()).isEqualTo(42);
        }
    }

    @Test
    void cancelStopsTheRunningStatementAndRefusesLaterOnes() throws Exception {
        try (JdbcStatements s = new JdbcStatements(() -> DriverManager.getConnection("jdbc:duckdb:"))) {
            CompletableFuture<Throwable> running = endlessQuery(s);
            Thread.sleep(300);
            s.cancel();
            assertThat(running.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(KilnException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
            assertThatThrownBy(() -> s.execute("select 1")).isInstanceOfSatisfying(KilnException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        }
    }

    @Test
    void aCancelWhileTheStatementIsBeingPreparedStillStopsIt() throws Exception {
        java.util.concurrent.CountDownLatch preparing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
        try (JdbcStatements s = new JdbcStatements(() -> DriverManager.getConnection("jdbc:duckdb:"), st -> {
            preparing.countDown(); // the statement exists, the session has not yet called it running
            try {
                cancelled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            CompletableFuture<Throwable> running = endlessQuery(s);
            assertThat(preparing.await(30, TimeUnit.SECONDS)).isTrue();
            s.cancel(); // finds no running statement yet
            cancelled.countDown();
            assertThat(running.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(KilnException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        }
    }

    @Test
    void closeClosesTheConnection() throws Exception {
        Connection[] c = new Connection[1];
        JdbcStatements s = new JdbcStatements(() -> c[0] = DriverManager.getConnection("jdbc:duckdb:"));
        s.execute("select 1");
        s.close();
        assertThat(c[0].isClosed()).isTrue();
        s.close(); // twice is harmless
    }

    /** A query that runs until cancelled, on another thread: what it threw, or {@code null} if it ended. */
    private static CompletableFuture<Throwable> endlessQuery(JdbcStatements s) {
        return dev.kiln.testkit.EndlessQuery.start(sql -> s.query(sql, 1));
    }
}
