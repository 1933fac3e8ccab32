package dev.kiln.ingest;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.JsonLinesLoad;
import dev.kiln.spi.LoadRequest;
import dev.kiln.spi.LoadType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * JSON lines read by the target's own reader ({@link dev.kiln.spi.LoadSink#loadJsonLines}) with
 * Kiln's semantics around it: the columns, their types and order come from Kiln's inference on
 * the first {@value #SAMPLE} records of each file ({@link JsonShapes#infer}) and the table's
 * existing columns under {@code schema_contract}; while the target reads, every record is checked
 * against them on a second thread ({@link JsonShapes#verify}). Anything that could make the rows
 * differ from what staging them gives declines, and the load stages its rows instead (one line
 * says why): staging stays the reference for every rule.
 */
final class NativeLoad {

    /** Records sampled from the head of each file. */
    static final int SAMPLE = 1000;

    private NativeLoad() {
    }

    /**
     * Loads {@code files} through the target's reader, leaving the rows in the load's open
     * transaction; returns the rows, or -1 (nothing changed) when the load must stage them.
     */
    static long load(LoadRequest request, Settings s, List<Path> files, Progress progress) {
        String contract = s.string("schema_contract") == null ? "evolve" : s.string("schema_contract");
        List<JsonLinesLoad.Column> columns;
        List<JsonShapes.Column> shapes;
        for (Path f : files) {
            String name = f.toString();
            if (name.chars().anyMatch(c -> "*?[]{}".indexOf(c) >= 0)) {
                // the target's reader could take it for a pattern
                return declined(request, s, "file name with a wildcard character: " + name);
            }
        }
        try {
            shapes = JsonShapes.infer(files, SAMPLE);
            // replace too: staging types values against the table as it was (and creates it anew)
            Map<String, LoadType> existing = request.sink().columns("");
            columns = new ArrayList<>();
            for (JsonShapes.Column c : shapes) {
                columns.add(column(c, existing.get(c.name()), !existing.isEmpty(), contract));
            }
        } catch (JsonShapes.Doubt e) {
            return declined(request, s, e.getMessage());
        } catch (IOException e) {
            return declined(request, s, "cannot read " + e.getMessage());
        }
        CompletableFuture<String> verdict = new CompletableFuture<>();
        Thread checker = new Thread(() -> {
            try {
                JsonShapes.verify(files, shapes, (f, n, bytes) -> progress.rows(n, bytes), verdict::isDone);
                verdict.complete(null);
            } catch (JsonShapes.Doubt e) {
                verdict.complete(e.getMessage());
            } catch (IOException | RuntimeException e) {
                verdict.complete("checking the records failed: " + e);
            }
        }, "kiln-load-check-" + s.table());
        checker.setDaemon(true);
        checker.start();
        JsonLinesLoad.Result r;
        try {
            r = request.sink().loadJsonLines(new JsonLinesLoad(files, request.loadId(), columns, verdict));
        } finally {
            verdict.cancel(true);
            try {
                checker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!r.loaded()) {
            return declined(request, s, r.declined());
        }
        if (r.rows() != progress.rows()) {
            // never expected: the load fails, and nothing of it is committed
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "DuckDB read " + r.rows() + " records from the files of "
                    + s.table() + " but the check counted " + progress.rows() + "; nothing was loaded. Set"
                    + " 'native_reader: false' on this table to load its files record by record, and report this.");
        }
        return r.rows();
    }

    private static long declined(LoadRequest request, Settings s, String why) {
        request.progress().accept("loading " + s.table() + " record by record (not by the warehouse's JSON reader): " + why);
        return -1;
    }

    /**
     * How a column of type {@code t} lands in a table whose column is {@code had} (null: none),
     * exactly as staging would land it; a {@link JsonShapes.Doubt} when that cannot be said.
     */
    static JsonLinesLoad.Column column(JsonShapes.Column c, LoadType had, boolean tableExists, String contract)
            throws JsonShapes.Doubt {
        LoadType t = c.type();
        if (had == null) {
            if (tableExists && !"evolve".equals(contract)) {
                throw new JsonShapes.Doubt("new column '" + c.name() + "' under schema_contract " + contract);
            }
            return new JsonLinesLoad.Column(c.name(), c.path(), t, t);
        }
        if (had.equals(t)) {
            return new JsonLinesLoad.Column(c.name(), c.path(), t, t);
        }
        LoadType to = had;
        if (!had.holds(t)) {
            if (!"evolve".equals(contract)) {
                throw new JsonShapes.Doubt("column '" + c.name() + "' is " + had + ", the records hold " + t
                        + " (schema_contract " + contract + ")");
            }
            to = had.widen(t);
            if (to.equals(t)) {
                return new JsonLinesLoad.Column(c.name(), c.path(), t, t);
            }
        }
        LoadType.Kind k = t.kind();
        if (to.equals(LoadType.DOUBLE) && k == LoadType.Kind.BIGINT || to.equals(LoadType.TIMESTAMP) && k == LoadType.Kind.DATE
                || to.equals(LoadType.VARCHAR) && (k == LoadType.Kind.BIGINT || k == LoadType.Kind.BOOLEAN)) {
            return new JsonLinesLoad.Column(c.name(), c.path(), t, to);
        }
        if (to.equals(LoadType.VARCHAR) && (k == LoadType.Kind.TIMESTAMP || k == LoadType.Kind.DATE)) {
            // staging keeps such strings as they are written in a text column
            return new JsonLinesLoad.Column(c.name(), c.path(), LoadType.VARCHAR, LoadType.VARCHAR);
        }
        throw new JsonShapes.Doubt("column '" + c.name() + "' is " + had + ", the records hold " + t);
    }
}
