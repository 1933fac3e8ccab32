package dev.kiln.spi;

import dev.kiln.SourceLoad;
import dev.kiln.SourceTable;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One run of a loader for one source table.
 *
 * @param table       the source table (its relation is where the rows land)
 * @param load        its settings ({@code loader:} with {@code load:} over it)
 * @param sink        where the rows go, on the target; the loader commits through it
 * @param projectRoot the project directory (relative paths resolve against it)
 * @param loadId      this run's id, written to every row as {@code _kiln_load_id}
 * @param fullRefresh forget the committed state (cursor, files seen) and load everything again
 * @param progress    receives progress lines (rows and bytes) for people watching the run
 */
public record LoadRequest(SourceTable table, SourceLoad load, LoadSink sink, Path projectRoot, String loadId,
                          boolean fullRefresh, Consumer<String> progress) {
}
