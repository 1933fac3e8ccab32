package dev.kiln.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * JSON-lines files for a target to read with its own reader ({@link LoadSink#loadJsonLines}):
 * the loader has decided the columns, their types and order with its own inference (so the rows
 * are exactly those staging them would give), and checks every record against them while the
 * target reads.
 *
 * @param files   local files, in load order (a record's index across them numbers its {@code _kiln_id})
 * @param loadId  the load's id ({@code _kiln_load_id}; {@code _kiln_id} is {@code <loadId>.<index>})
 * @param columns the table's columns besides the bookkeeping ones, in the order they are first
 *                seen (new ones are added in this order)
 * @param verdict completes with {@code null} when every record fits {@code columns}, or with the
 *                reason one does not (the target then rolls back and declines); the target may
 *                cancel it when it declines for its own reasons
 */
public record JsonLinesLoad(List<Path> files, String loadId, List<Column> columns, CompletableFuture<String> verdict) {

    /** Copies the lists. */
    public JsonLinesLoad {
        files = List.copyOf(files);
        columns = List.copyOf(columns);
    }

    /**
     * One column.
     *
     * @param name       its name ({@code ctx__geo__country})
     * @param path       the keys leading to its value ({@code [ctx, geo, country]})
     * @param readAs     the type its JSON values are read as
     * @param columnType the column's type in the table (the values are cast to it when it differs);
     *                   an existing column of another type is altered to it
     */
    public record Column(String name, List<String> path, LoadType readAs, LoadType columnType) {

        /** Copies the path. */
        public Column {
            path = List.copyOf(path);
        }
    }

    /**
     * What {@link LoadSink#loadJsonLines} did.
     *
     * @param rows     the rows inserted (not yet committed), or -1 when declined
     * @param declined why it did not load them ({@code null} when it did); nothing was changed
     */
    public record Result(long rows, String declined) {

        /** Declined for {@code reason}. */
        public static Result declined(String reason) {
            return new Result(-1, reason);
        }

        /** Whether the rows were inserted. */
        public boolean loaded() {
            return declined == null;
        }
    }
}
