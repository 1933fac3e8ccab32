package dev.kiln.internal.freshness;

import dev.kiln.FreshnessReport;
import dev.kiln.FreshnessResult;
import dev.kiln.FreshnessStatus;
import dev.kiln.FreshnessCriteria;

import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Project;
import dev.kiln.SourceTable;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code kiln source freshness}: for every selected source table with a
 * {@code loaded_at_field} and a {@code freshness:} threshold, runs
 * {@code select max(loaded_at_field), current_timestamp from <source>} and compares the age of
 * the newest row with {@code warn_after} and {@code error_after}. A failing query becomes a
 * {@code runtime error} result; invalid thresholds are reported, together, before any query runs.
 */
public final class FreshnessChecker {

    private final Project project;
    private final Dialect dialect;

    /** @param project the loaded project; @param dialect the target's dialect (renders sources) */
    public FreshnessChecker(Project project, Dialect dialect) {
        this.project = project;
        this.dialect = dialect;
    }

    /**
     * The source tables that would be checked: selected, with a {@code loaded_at_field} and at
     * least one threshold; each with its parsed criteria, in declaration order.
     *
     * @throws KilnException ({@link ErrorCode#PROJECT_INVALID}) listing every invalid {@code freshness:}
     */
    public Map<SourceTable, FreshnessCriteria> plan(Predicate<SourceTable> selected) {
        List<Diagnostic> problems = new ArrayList<>();
        Map<SourceTable, FreshnessCriteria> out = new LinkedHashMap<>();
        for (SourceTable t : project.sources().values()) {
            if (!selected.test(t) || t.freshness() == null || t.freshness().isEmpty()) {
                continue;
            }
            FreshnessCriteria c = FreshnessCriteria.parse(t.freshness(), t.origin().position(), problems);
            if (c != null && c.isSet() && t.loadedAtField() != null && !t.loadedAtField().isBlank()) {
                out.put(t, c);
            }
        }
        KilnException.throwIfErrors(problems);
        return out;
    }

    /**
     * Checks the selected sources one after the other on one session.
     *
     * @param session  a session of the target
     * @param now      the time ages are measured against, or {@code null} for the warehouse's clock
     * @param selected which source tables to check
     */
    public FreshnessReport check(Session session, Instant now, Predicate<SourceTable> selected) {
        Instant start = Instant.now();
        List<FreshnessResult> results = new ArrayList<>();
        plan(selected).forEach((t, c) -> results.add(checkOne(session, t, c, now)));
        return new FreshnessReport(results, Duration.between(start, Instant.now()));
    }

    /**
     * Checks the selected sources on up to {@code threads} sessions at once (each thread opens
     * its own session from {@code sessions} and closes it); results keep declaration order.
     */
    public FreshnessReport check(Supplier<Session> sessions, int threads, Instant now, Predicate<SourceTable> selected) {
        Instant start = Instant.now();
        Map<SourceTable, FreshnessCriteria> plan = plan(selected);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, Math.max(1, plan.size()))),
                r -> {
                    Thread th = new Thread(r, "kiln-freshness");
                    th.setDaemon(true);
                    return th;
                });
        ThreadLocal<Session> mine = new ThreadLocal<>();
        List<Session> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<FreshnessResult>> futures = new ArrayList<>();
            plan.forEach((t, c) -> futures.add(pool.submit(() -> {
                Session s = mine.get();
                if (s == null) {
                    s = sessions.get();
                    mine.set(s);
                    opened.add(s);
                }
                return checkOne(s, t, c, now);
            })));
            List<FreshnessResult> results = new ArrayList<>();
            for (Future<FreshnessResult> f : futures) {
                results.add(join(f));
            }
            return new FreshnessReport(results, Duration.between(start, Instant.now()));
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool);
            opened.forEach(Session::close);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static FreshnessResult join(Future<FreshnessResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Interrupted while checking source freshness.", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new KilnException(ErrorCode.EXECUTION_FAILED, e.getCause().getMessage(), e.getCause());
        }
    }

    /** The query that finds the newest row of a source table and the warehouse's clock. */
    public String query(SourceTable table, FreshnessCriteria criteria) {
        return "select max(" + table.loadedAtField() + ") as max_loaded_at, " + dialect.currentTimestamp()
                + " as snapshotted_at\nfrom " + dialect.renderSource(table, project.config().root())
                + (criteria.filter() == null ? "" : "\nwhere " + criteria.filter());
    }

    private FreshnessResult checkOne(Session session, SourceTable t, FreshnessCriteria c, Instant now) {
        Instant start = Instant.now();
        String thread = Thread.currentThread().getName();
        try {
            QueryResult r = session.query(query(t, c), 1);
            List<Object> row = r.rows().get(0);
            Instant maxLoadedAt = Timestamps.toInstant(row.get(0));
            Instant snapshotted = now != null ? now : Timestamps.toInstant(row.get(1));
            Duration age = maxLoadedAt == null ? null : Duration.between(maxLoadedAt, snapshotted);
            return new FreshnessResult(t.uniqueId(), t.sourceName(), t.name(), c.statusFor(age), maxLoadedAt, snapshotted,
                    age, c, null, start, Duration.between(start, Instant.now()), thread);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new FreshnessResult(t.uniqueId(), t.sourceName(), t.name(), FreshnessStatus.RUNTIME_ERROR, null,
                    now, null, c, why, start, Duration.between(start, Instant.now()), thread);
        }
    }
}
