package dev.kiln.spi;

import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.NodeConfig;

import java.util.List;
import java.util.Locale;

/**
 * The configuration of a snapshot, read and checked.
 *
 * @param snapshot    the snapshot, as {@code path: snapshot name}, for messages
 * @param uniqueKey   the columns that identify a source row ({@code unique_key}), one or several
 * @param strategy    how a changed row is detected
 * @param updatedAt   for {@code timestamp}: the column that grows when a row changes ({@code updated_at})
 * @param checkCols   for {@code check}: the columns compared ({@code check_cols}); empty when {@link #checkAll()}
 * @param checkAll    {@code check_cols: all}: every source column is compared
 * @param hardDeletes what happens to rows that disappeared from the source ({@code hard_deletes})
 */
public record SnapshotConfig(String snapshot, List<String> uniqueKey, Strategy strategy, String updatedAt,
                             List<String> checkCols, boolean checkAll, HardDeletes hardDeletes) {

    /** How a changed row is detected ({@code strategy}). */
    public enum Strategy {
        /** The row's {@code updated_at} is later than that of its current version. */
        TIMESTAMP,
        /** One of the {@code check_cols} differs from its current version (nulls compare equal). */
        CHECK
    }

    /** What happens to rows that disappeared from the source ({@code hard_deletes}). */
    public enum HardDeletes {
        /** Nothing: their last version stays current. */
        IGNORE,
        /** Their current version is closed ({@code kiln_valid_to} set to the snapshot time). */
        INVALIDATE,
        /** Their current version is closed and a deletion record ({@code kiln_is_deleted = true}) becomes current. */
        NEW_RECORD
    }

    /** Copies the lists. */
    public SnapshotConfig {
        uniqueKey = List.copyOf(uniqueKey);
        checkCols = List.copyOf(checkCols);
    }

    /**
     * Reads the config of a snapshot.
     *
     * @throws KilnException ({@link ErrorCode#EXECUTION_FAILED}) naming the snapshot and the bad
     *                       setting, when a value is unknown or a required key is missing
     */
    public static SnapshotConfig of(CompiledNode node) {
        NodeConfig c = node.config();
        String what = node.node().origin().path().toString().replace('\\', '/') + ": snapshot " + node.name();
        List<String> key = IncrementalConfig.columns(c, "unique_key");
        if (key.isEmpty()) {
            throw error(what + " needs a unique_key: the column (or list of columns) that identifies a source row");
        }
        String strategyName = c.string("strategy").orElse("");
        Strategy strategy = switch (strategyName.strip().toLowerCase(Locale.ROOT)) {
            case "timestamp" -> Strategy.TIMESTAMP;
            case "check" -> Strategy.CHECK;
            default -> throw error(what + ": strategy '" + strategyName + "' is unknown; use timestamp or check");
        };
        String updatedAt = c.string("updated_at").map(String::strip).orElse(null);
        if (strategy == Strategy.TIMESTAMP && (updatedAt == null || updatedAt.isEmpty())) {
            throw error(what + " uses strategy 'timestamp' but has no updated_at; name the column that changes when a row changes");
        }
        List<String> checkCols = IncrementalConfig.columns(c, "check_cols");
        boolean all = checkCols.size() == 1 && checkCols.get(0).equalsIgnoreCase("all");
        if (strategy == Strategy.CHECK && checkCols.isEmpty()) {
            throw error(what + " uses strategy 'check' but has no check_cols; list the columns to compare, or write check_cols: all");
        }
        String hd = c.string("hard_deletes").orElse("ignore").strip();
        HardDeletes hardDeletes = switch (hd.toLowerCase(Locale.ROOT)) {
            case "ignore" -> HardDeletes.IGNORE;
            case "invalidate" -> HardDeletes.INVALIDATE;
            case "new_record" -> HardDeletes.NEW_RECORD;
            default -> throw error(what + ": hard_deletes '" + hd + "' is unknown; use ignore, invalidate or new_record");
        };
        return new SnapshotConfig(what, key, strategy, updatedAt, all ? List.of() : checkCols, all, hardDeletes);
    }

    private static KilnException error(String message) {
        return new KilnException(ErrorCode.EXECUTION_FAILED, message + ".");
    }
}
