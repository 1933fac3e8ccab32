package dev.kiln.spi;

import java.util.Map;

/**
 * The target's side of one load: stages rows on the warehouse and commits them, with the load's
 * new state, in one atomic step, so that a crash at any moment neither loses nor duplicates rows
 * on the next run. Tables are named relative to the load's relation: {@code ""} is the table
 * itself, {@code "items"} its child table {@code <table>__items}. Obtained from
 * {@link Adapter#loadSink}; used by one thread; closing it drops what was staged and not committed.
 */
public interface LoadSink extends AutoCloseable {

    /** The state the last committed load wrote (the loader's own text), or {@code null}. */
    String state();

    /** The columns of a landed table as they are now, in order; empty when it does not exist. */
    Map<String, LoadType> columns(String table);

    /** A staging table for {@code table}, created empty on first call (the same writer afterwards). */
    StageWriter stage(String table);

    /**
     * In one transaction: moves every staged table into place by the disposition (creating
     * tables, adding new columns and widening types as staged), then stores {@code newState}.
     * Returns the number of rows committed to the table itself.
     */
    long commit(String newState);

    /**
     * Reads JSON-lines files with the target's own reader, straight into the load's table inside
     * the load's transaction (created, or altered to {@link JsonLinesLoad#columns}); {@link #commit}
     * then commits them with the state as it commits staged rows. Waits for
     * {@link JsonLinesLoad#verdict}: when a record does not fit, or the reader fails, everything is
     * rolled back and the result says why, and the caller stages the rows itself instead. Called
     * before anything is staged. The default declines.
     */
    default JsonLinesLoad.Result loadJsonLines(JsonLinesLoad load) {
        return JsonLinesLoad.Result.declined("the target has no JSON reader of its own");
    }

    /** Drops the staging tables. */
    @Override
    void close();
}
