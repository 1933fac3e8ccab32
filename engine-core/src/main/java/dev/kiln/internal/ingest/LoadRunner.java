package dev.kiln.internal.ingest;

import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.FreshnessReport;
import dev.kiln.FreshnessResult;
import dev.kiln.FreshnessStatus;
import dev.kiln.KilnException;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.Project;
import dev.kiln.SourceLoad;
import dev.kiln.SourceTable;
import dev.kiln.TargetConfig;
import dev.kiln.internal.freshness.FreshnessChecker;
import dev.kiln.internal.util.Plugins;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.LoadOutcome;
import dev.kiln.spi.LoadRequest;
import dev.kiln.spi.LoadSink;
import dev.kiln.spi.LoadTarget;
import dev.kiln.spi.Loader;
import dev.kiln.spi.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * Runs the node of one loaded source table: finds its {@link Loader}, opens the adapter's
 * {@link LoadSink} on the worker's session, loads, then checks the table's freshness when it
 * declares one (as {@code kiln source freshness} does).
 */
public final class LoadRunner {

    /**
     * What a load run needs.
     *
     * @param project     the project
     * @param target      the active target (named in errors)
     * @param adapter     the open adapter
     * @param fullRefresh forget committed states
     * @param progress    receives progress lines per node
     */
    public record Context(Project project, TargetConfig target, Adapter adapter, boolean fullRefresh,
                          BiConsumer<CompiledNode, String> progress) {
    }

    private final Context ctx;

    /** @param ctx what a load run needs */
    public LoadRunner(Context ctx) {
        this.ctx = ctx;
    }

    /** Loads the table of {@code node} on {@code session}. */
    public NodeResult run(CompiledNode node, Session session, Instant start) {
        SourceTable table = ctx.project().sources().get(node.uniqueId());
        if (table == null || !table.loaded()) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, node.uniqueId() + " has no 'load:'.");
        }
        SourceLoad load = table.load();
        Loader loader = Plugins.byName(Loader.class, Loader::name).get(load.from());
        if (loader == null) {
            throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "No loader for 'from: " + load.from() + "' ("
                    + load.positionOf("from") + "). Add dev.kiln:kiln-ingest to the class path.");
        }
        String location = table.externalLocation() == null || table.externalLocation().isBlank() ? null
                : table.externalLocation().contains("://") ? table.externalLocation()
                : ctx.project().config().root().resolve(table.externalLocation()).normalize().toString();
        String loadId = newLoadId();
        LoadTarget where = new LoadTarget(table.relation(), location, table.sourceName() + "." + table.name(),
                ctx.fullRefresh() ? "replace" : load.disposition(), load.primaryKey(), loadId);
        if (location == null) {
            session.ensureSchema(table.relation().schema());
        }
        LoadOutcome outcome;
        try (LoadSink sink = ctx.adapter().loadSink(session, where).orElseThrow(() -> new KilnException(
                ErrorCode.EXECUTION_FAILED, "Target '" + ctx.target().name() + "' (type " + ctx.target().type()
                + ") cannot take loads: its adapter has no load sink. Load on a DuckDB target."))) {
            outcome = loader.load(new LoadRequest(table, load, sink, ctx.project().config().root(), loadId,
                    ctx.fullRefresh(), line -> ctx.progress().accept(node, line)));
        }
        NodeStatus status = NodeStatus.SUCCESS;
        String message = outcome.message();
        FreshnessResult fresh = freshness(table, session);
        if (fresh != null) {
            message += "; freshness " + fresh.message();
            if (fresh.status() == FreshnessStatus.ERROR || fresh.status() == FreshnessStatus.RUNTIME_ERROR) {
                status = NodeStatus.ERROR;
            } else if (fresh.status() == FreshnessStatus.WARN) {
                status = NodeStatus.WARN;
            }
        }
        return new NodeResult(node.uniqueId(), status, start, Duration.between(start, Instant.now()), message,
                outcome.rows(), 0, Map.of("rows", outcome.rows(), "bytes", outcome.bytes(),
                "skipped", outcome.skipped(), "load_id", loadId));
    }

    private FreshnessResult freshness(SourceTable table, Session session) {
        if (table.freshness() == null || table.freshness().isEmpty() || table.loadedAtField() == null) {
            return null;
        }
        FreshnessReport r = new FreshnessChecker(ctx.project(), ctx.adapter().dialect())
                .check(session, null, t -> t.uniqueId().equals(table.uniqueId()));
        return r.results().isEmpty() ? null : r.results().get(0);
    }

    /** A load id that sorts by time: milliseconds since the epoch and a random suffix. */
    static String newLoadId() {
        return System.currentTimeMillis() + "." + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
