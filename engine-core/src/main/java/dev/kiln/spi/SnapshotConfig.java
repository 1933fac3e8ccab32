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
 * @param meta        the names of the columns the snapshot adds ({@code snapshot_meta_column_names})
 */
public record SnapshotConfig(String snapshot, List<String> uniqueKey, Strategy strategy, String updatedAt,
                             List<String> checkCols, boolean checkAll, HardDeletes hardDeletes, MetaColumns meta) {

    /**
     * The names of the columns a snapshot adds to the source's, as {@code snapshot_meta_column_names} sets them
     * (dbt's keys: {@code dbt_scd_id}, {@code dbt_updated_at}, {@code dbt_valid_from}, {@code dbt_valid_to},
     * {@code dbt_is_deleted}); each one not set keeps Kiln's name ({@code kiln_scd_id}, …).
     *
     * @param scdId     the version's id
     * @param updatedAt the source row's {@code updated_at} (or the run's time) when the version was recorded
     * @param validFrom when the version became current
     * @param validTo   when it stopped being current; null for the current version
     * @param isDeleted with {@code hard_deletes: new_record}: true on a deletion record
     */
    public record MetaColumns(String scdId, String updatedAt, String validFrom, String validTo, String isDeleted) {

        /** Kiln's names. */
        public static final MetaColumns DEFAULT = new MetaColumns(SnapshotBuilder.SCD_ID, SnapshotBuilder.UPDATED_AT,
                SnapshotBuilder.VALID_FROM, SnapshotBuilder.VALID_TO, SnapshotBuilder.IS_DELETED);

        /** The keys of {@code snapshot_meta_column_names}, in the order of the components. */
        public static final List<String> KEYS = List.of("dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to",
                "dbt_is_deleted");

        /** The four columns every snapshot table has, in the order they are added. */
        public List<String> always() {
            return List.of(scdId, updatedAt, validFrom, validTo);
        }

        /**
         * The names {@code value} (the config's {@code snapshot_meta_column_names}: a mapping of dbt's keys to
         * names) sets; {@link #DEFAULT} when it is {@code null}.
         *
         * @throws KilnException naming the key or value that is wrong ({@code what} says which snapshot)
         */
        public static MetaColumns of(Object value, String what) {
            if (value == null) {
                return DEFAULT;
            }
            if (!(value instanceof java.util.Map<?, ?> map)) {
                throw error(what + ": snapshot_meta_column_names must be a mapping of " + String.join(", ", KEYS)
                        + " to column names");
            }
            java.util.List<String> names = new java.util.ArrayList<>(DEFAULT.asList());
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                int i = KEYS.indexOf(String.valueOf(e.getKey()));
                if (i < 0) {
                    throw error(what + ": snapshot_meta_column_names has an unknown key '" + e.getKey() + "'; the keys are "
                            + String.join(", ", KEYS));
                }
                String name = e.getValue() == null ? "" : String.valueOf(e.getValue()).strip();
                if (name.isEmpty() || !(e.getValue() instanceof String)) {
                    throw error(what + ": snapshot_meta_column_names." + e.getKey() + " must be a column name");
                }
                names.set(i, name);
            }
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (String n : names) {
                if (!distinct.add(n.toLowerCase(Locale.ROOT))) {
                    throw error(what + ": snapshot_meta_column_names gives two columns the name '" + n + "'");
                }
            }
            return new MetaColumns(names.get(0), names.get(1), names.get(2), names.get(3), names.get(4));
        }

        private List<String> asList() {
            return List.of(scdId, updatedAt, validFrom, validTo, isDeleted);
        }
    }

    /** A config with Kiln's meta column names. */
    public SnapshotConfig(String snapshot, List<String> uniqueKey, Strategy strategy, String updatedAt,
                          List<String> checkCols, boolean checkAll, HardDeletes hardDeletes) {
        this(snapshot, uniqueKey, strategy, updatedAt, checkCols, checkAll, hardDeletes, MetaColumns.DEFAULT);
    }

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
        MetaColumns meta = MetaColumns.of(c.get("snapshot_meta_column_names").orElse(null), what);
        return new SnapshotConfig(what, key, strategy, updatedAt, all ? List.of() : checkCols, all, hardDeletes, meta);
    }

    private static KilnException error(String message) {
        return new KilnException(ErrorCode.EXECUTION_FAILED, message + ".");
    }
}
