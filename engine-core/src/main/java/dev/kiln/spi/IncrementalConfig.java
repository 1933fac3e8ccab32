package dev.kiln.spi;

import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.NodeConfig;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The configuration of an incremental model, read and checked.
 *
 * @param model          the model, as {@code path: model name}, for messages
 * @param strategy       how new rows reach the table
 * @param uniqueKey      the columns that identify a row ({@code unique_key}), possibly several
 * @param partitionBy    the partition columns ({@code partitioned_by}), for {@code insert_overwrite}
 * @param onSchemaChange what to do when the model's columns differ from the table's
 * @param fullRefresh    {@code full_refresh}: true always rebuilds, false never does; empty follows
 *                       {@code --full-refresh}
 * @param predicates     {@code incremental_predicates}: extra SQL conditions on the rows that
 *                       {@code merge} and {@code delete+insert} match in the table
 */
public record IncrementalConfig(String model, Strategy strategy, List<String> uniqueKey, List<String> partitionBy,
                                OnSchemaChange onSchemaChange, Optional<Boolean> fullRefresh, List<String> predicates) {

    /** How new rows reach the table ({@code incremental_strategy}). */
    public enum Strategy {
        /** Insert every new row. */
        APPEND("append", "INSERT"),
        /** Update rows whose unique key matches, insert the others. */
        MERGE("merge", "MERGE"),
        /** Delete rows whose unique key matches, then insert every new row. */
        DELETE_INSERT("delete+insert", "INSERT"),
        /** Replace every partition that the new rows fall into. */
        INSERT_OVERWRITE("insert_overwrite", "INSERT");

        private final String configName;
        private final String verb;

        Strategy(String configName, String verb) {
            this.configName = configName;
            this.verb = verb;
        }

        /** The name in {@code incremental_strategy}. */
        public String configName() {
            return configName;
        }

        /** The word a build result starts with ({@code INSERT 42}, {@code MERGE 42}). */
        public String verb() {
            return verb;
        }
    }

    /** What to do when the model's columns differ from the table's ({@code on_schema_change}). */
    public enum OnSchemaChange {
        /** Write the columns both have; new columns are left out, missing ones stay null. */
        IGNORE,
        /** Fail the build, leaving the table as it was. */
        FAIL,
        /** Add new columns to the table; keep columns the model no longer has. */
        APPEND_NEW_COLUMNS,
        /** Add new columns, drop missing ones and change column types to the model's. */
        SYNC_ALL_COLUMNS;

        /** The name in {@code on_schema_change}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Copies the lists. */
    public IncrementalConfig {
        uniqueKey = List.copyOf(uniqueKey);
        partitionBy = List.copyOf(partitionBy);
        predicates = List.copyOf(predicates);
    }

    /**
     * Reads the config of an incremental model. The strategy defaults to {@code merge} when a
     * {@code unique_key} is set, to {@code append} otherwise.
     *
     * @throws KilnException ({@link ErrorCode#EXECUTION_FAILED}) naming the model and the bad
     *                       setting, when a name is unknown or a required key is missing
     */
    public static IncrementalConfig of(CompiledNode node) {
        return of(node, null);
    }

    /**
     * Reads the config of an incremental model whose strategy, when {@code incremental_strategy}
     * is not set, is {@code whenUnset}: an adapter whose default depends on the table (Athena:
     * {@code merge} on Iceberg, {@code insert_overwrite} on partitioned Hive tables) says which.
     *
     * @param whenUnset the default strategy; {@code null} for {@code merge} with a {@code unique_key}, else {@code append}
     * @throws KilnException as {@link #of(CompiledNode)}
     */
    public static IncrementalConfig of(CompiledNode node, Strategy whenUnset) {
        NodeConfig c = node.config();
        String model = node.node().origin().path().toString().replace('\\', '/') + ": model " + node.name();
        List<String> key = columns(c, "unique_key");
        List<String> partitions = columns(c, "partitioned_by");
        String named = c.string("incremental_strategy").filter(n -> !n.isBlank()).orElse(null);
        Strategy strategy = named == null && whenUnset != null ? whenUnset : strategy(model, named, !key.isEmpty());
        if ((strategy == Strategy.MERGE || strategy == Strategy.DELETE_INSERT) && key.isEmpty()) {
            throw error(model + ": incremental_strategy '" + strategy.configName() + "' needs a unique_key; "
                    + "set unique_key to the column (or list of columns) that identifies a row, or use append");
        }
        if (strategy == Strategy.INSERT_OVERWRITE && partitions.isEmpty()) {
            throw error(model + ": incremental_strategy 'insert_overwrite' needs partitioned_by; "
                    + "list the columns whose partitions the new rows replace");
        }
        OnSchemaChange osc = onSchemaChange(model, c.string("on_schema_change").orElse("ignore"));
        Optional<Boolean> fullRefresh = c.get("full_refresh").map(v -> v instanceof Boolean b ? b
                : Boolean.parseBoolean(String.valueOf(v)));
        return new IncrementalConfig(model, strategy, key, partitions, osc, fullRefresh, c.strings("incremental_predicates"));
    }

    /** Whether this run rebuilds the table, given {@code --full-refresh}. */
    public boolean rebuild(boolean fullRefreshOption) {
        return fullRefresh.orElse(fullRefreshOption);
    }

    private static Strategy strategy(String model, String name, boolean hasKey) {
        if (name == null || name.isBlank()) {
            return hasKey ? Strategy.MERGE : Strategy.APPEND;
        }
        return Arrays.stream(Strategy.values()).filter(s -> s.configName.equalsIgnoreCase(name.strip())).findFirst()
                .orElseThrow(() -> error(model + ": incremental_strategy '" + name
                        + "' is unknown; use append, merge, delete+insert or insert_overwrite"));
    }

    private static OnSchemaChange onSchemaChange(String model, String name) {
        return Arrays.stream(OnSchemaChange.values()).filter(o -> o.configName().equalsIgnoreCase(name.strip())).findFirst()
                .orElseThrow(() -> error(model + ": on_schema_change '" + name
                        + "' is unknown; use ignore, fail, append_new_columns or sync_all_columns"));
    }

    /** A list of column names; a single string may separate several with commas. */
    static List<String> columns(NodeConfig c, String key) {
        return c.strings(key).stream().flatMap(s -> Arrays.stream(s.split(","))).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static KilnException error(String message) {
        return new KilnException(ErrorCode.EXECUTION_FAILED, message + ".");
    }
}
