package dev.kiln.athena;

import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.NodeConfig;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The config of a snapshot, as Athena runs it ({@code docs/snapshots.md}).
 *
 * @param what        {@code path: snapshot name}, for messages
 * @param uniqueKey   the columns that identify a source row
 * @param timestamp   true for {@code strategy: timestamp}, false for {@code check}
 * @param updatedAt   the {@code updated_at} column (timestamp strategy)
 * @param checkCols   the compared columns (check strategy); empty with {@code check_cols: all}
 * @param invalidate  {@code hard_deletes: invalidate} (else {@code ignore})
 */
public record SnapshotSpec(String what, List<String> uniqueKey, boolean timestamp, String updatedAt,
                           List<String> checkCols, boolean invalidate) {

    /** Copies the lists. */
    public SnapshotSpec {
        uniqueKey = List.copyOf(uniqueKey);
        checkCols = List.copyOf(checkCols);
    }

    /** Reads and checks the config of a snapshot node. */
    public static SnapshotSpec of(CompiledNode node) {
        NodeConfig c = node.config();
        String what = node.node().origin().path().toString().replace('\\', '/') + ": snapshot " + node.name();
        List<String> key = columns(c, "unique_key");
        if (key.isEmpty()) {
            throw error(what + " needs a unique_key: the column (or list of columns) that identifies a source row");
        }
        String strategy = c.string("strategy").orElse("").strip().toLowerCase(Locale.ROOT);
        if (!strategy.equals("timestamp") && !strategy.equals("check")) {
            throw error(what + ": strategy '" + strategy + "' is unknown; use timestamp or check");
        }
        String updatedAt = c.string("updated_at").map(String::strip).orElse("");
        if (strategy.equals("timestamp") && updatedAt.isEmpty()) {
            throw error(what + " uses strategy 'timestamp' but has no updated_at; name the column that changes when a row changes");
        }
        List<String> check = columns(c, "check_cols");
        if (strategy.equals("check") && check.isEmpty()) {
            throw error(what + " uses strategy 'check' but has no check_cols; list the columns to compare, or write check_cols: all");
        }
        boolean all = check.size() == 1 && check.get(0).equalsIgnoreCase("all");
        String hd = c.string("hard_deletes").orElse("ignore").strip().toLowerCase(Locale.ROOT);
        if (!hd.equals("ignore") && !hd.equals("invalidate")) {
            throw error(what + ": hard_deletes '" + hd + "' is not available on Athena; use ignore or invalidate");
        }
        return new SnapshotSpec(what, key, strategy.equals("timestamp"), updatedAt, all ? List.of() : check,
                hd.equals("invalidate"));
    }

    private static List<String> columns(NodeConfig c, String key) {
        return c.strings(key).stream().flatMap(s -> Arrays.stream(s.split(","))).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static KilnException error(String message) {
        return new KilnException(ErrorCode.EXECUTION_FAILED, message + ".");
    }
}
