package dev.kiln.spi;

import dev.kiln.Relation;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run of a {@code sync:} exposure.
 *
 * @param exposure    the exposure's name
 * @param settings    the {@code sync:} block as written, {@code env_var()} resolved (strings,
 *                    numbers, booleans, lists and maps)
 * @param model       the relation of the model to send, one row per record
 * @param session     a session on the target: read the model with {@link Session#stream}, and
 *                    keep the sync's state in tables of {@code stateSchema} so that it lives
 *                    with the data (it survives a deleted {@code target/})
 * @param dialect     the target's dialect
 * @param stateSchema the schema where destinations keep their state tables
 * @param dryRun      work out the diff and write it under {@code workDir}; send nothing
 * @param workDir     this exposure's folder under the project's target path, for files people
 *                    read (rejected records, the dry run's diff); created by Kiln
 * @param progress    receives progress lines for people watching the run
 */
public record SyncRequest(String exposure, Map<String, Object> settings, Relation model, Session session,
                          Dialect dialect, String stateSchema, boolean dryRun, Path workDir, Consumer<String> progress) {
}
