package dev.kiln.duckdb;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.TargetConfig;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.Session;
import dev.kiln.testkit.EndlessQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A session's cancel from another thread stops its running statement, however early it comes. */
class DuckDbCancelTest {

    @TempDir
    Path dir;

    @Test
    void oneCancelStopsTheRunningStatementEvenRightAsItStarts() throws Exception {
        TargetConfig target = new TargetConfig("dev", "duckdb", Map.of("path", dir.resolve("c.duckdb").toString()), null);
        try (Adapter adapter = new DuckDbProvider().open(new AdapterContext(target, dir));
             Session s = adapter.openSession()) {
            for (int i = 0; i < 60; i++) {
                CompletableFuture<Throwable> running = EndlessQuery.start(sql -> s.query(sql, 1));
                DuckDbSession session = (DuckDbSession) s;
                while (session.running() == null && !running.isDone()) { // the session has its statement…
                    Thread.onSpinWait();
                }
                Thread.sleep(i < 50 ? 0 : 20L * (i - 49)); // …which DuckDB may not have started yet: one cancel, at once or later
                s.cancel();
                assertThat(running.get(30, TimeUnit.SECONDS)).as("attempt %d", i)
                        .isInstanceOf(KilnException.class);
                assertThat(s.query("select 42", 1).scalar()).isEqualTo(42); // the session still works
            }
        }
    }
}
