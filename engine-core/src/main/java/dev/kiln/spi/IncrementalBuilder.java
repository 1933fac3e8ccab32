package dev.kiln.spi;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds an incremental model ({@code materialized: incremental}).
 *
 * <p>When the table does not exist yet, is a view, or the run is a full refresh
 * ({@code --full-refresh}, or {@code full_refresh: true} in the config), the model is built
 * like a table, with the {@link Materializer#table atomic swap}. Otherwise the new rows are
 * built into {@code <name>__kiln_tmp} in the table's schema; the table's columns are
 * reconciled with theirs ({@code on_schema_change}); the strategy's statements write them into
 * the table; and the temporary table is dropped, also after a failure. Schema changes and the
 * strategy run in one transaction when the dialect has transactional DDL, so a failure
 * leaves the table as it was.
 *
 * <p>The SQL of each strategy comes from the {@link Dialect}
 * ({@link Dialect#insertInto}, {@link Dialect#merge}, {@link Dialect#deleteInsert},
 * {@link Dialect#insertOverwrite}); adapters override those for vendor differences, or
 * subclass this builder and return it from {@link Materializer#incrementalBuilder()}.
 */
public class IncrementalBuilder {

    /** The materializer this builder belongs to (for the table build and its helpers). */
    protected final Materializer materializer;

    /** The warehouse's dialect. */
    protected final Dialect dialect;

    /** @param materializer the materializer this builder belongs to */
    public IncrementalBuilder(Materializer materializer) {
        this.materializer = materializer;
        this.dialect = materializer.dialect();
    }

    /** Builds the model: a full build, or the new rows merged in by the configured strategy. */
    public BuildResult build(BuildRequest req) {
        Session s = req.session();
        Optional<RelationInfo> existing = s.describe(req.relation());
        IncrementalConfig cfg = config(req, existing.orElse(null));
        if (existing.isEmpty() || existing.get().kind() != RelationKind.TABLE || cfg.rebuild(req.fullRefresh())
                || rebuildInstead(req, cfg, existing.get())) {
            return materializer.table(req);
        }
        Relation tmp = materializer.temporary(req.relation());
        long staged = materializer.buildTemporary(s, tmp, req.sql());
        try {
            RelationInfo incoming = s.describe(tmp).orElseThrow(() -> new KilnException(ErrorCode.EXECUTION_FAILED,
                    cfg.model() + ": the new rows' table " + tmp + " vanished."));
            SchemaChange change = SchemaChange.between(existing.get().columns(), incoming.columns());
            List<String> ddl = schemaStatements(cfg, req.relation(), change);
            long written = write(req, cfg, tmp, columns(cfg, change, incoming), ddl);
            long rows = written >= 0 ? written : staged;
            return new BuildResult(rows, cfg.strategy().verb() + " " + rows);
        } finally {
            materializer.dropQuietly(s, tmp, RelationKind.TABLE);
        }
    }

    /**
     * The model's incremental config. By default {@link IncrementalConfig#of(dev.kiln.CompiledNode)}; an adapter
     * whose default strategy depends on the table, or that supports only some strategies on some tables, overrides
     * this (and fails here, before anything is written, naming what to change).
     *
     * @param existing the relation as it is now, or {@code null} when it does not exist
     */
    protected IncrementalConfig config(BuildRequest req, RelationInfo existing) {
        return IncrementalConfig.of(req.node());
    }

    /**
     * Whether this run rebuilds the table although it exists and no full refresh was asked for (e.g. its storage
     * format differs from the config's). False by default.
     */
    protected boolean rebuildInstead(BuildRequest req, IncrementalConfig cfg, RelationInfo existing) {
        return false;
    }

    /**
     * Writes the new rows of {@code staged} into the table: runs the schema statements, then the
     * {@link #strategyStatements strategy's}, in one transaction where the dialect has
     * transactional DDL. Adapters that write differently (in batches, or by replacing
     * partitions through a catalog) override this.
     *
     * @param columns   the columns to write ({@link #columns})
     * @param schemaDdl the statements that reconcile the table's columns ({@link #schemaStatements})
     * @return the rows the last statement wrote, or -1 when the warehouse does not say
     */
    protected long write(BuildRequest req, IncrementalConfig cfg, Relation staged, List<String> columns,
                         List<String> schemaDdl) {
        Session s = req.session();
        List<String> statements = new ArrayList<>(schemaDdl);
        statements.addAll(strategyStatements(cfg, req.relation(), staged, columns));
        long[] last = {-1};
        materializer.inTransaction(s, () -> statements.forEach(sql -> last[0] = s.execute(sql)));
        return last[0];
    }

    /**
     * The DDL that reconciles the table's columns with the new rows', by {@code on_schema_change}.
     *
     * @throws KilnException when the mode is {@code fail} and the columns changed
     */
    protected List<String> schemaStatements(IncrementalConfig cfg, Relation target, SchemaChange change) {
        List<String> ddl = new ArrayList<>();
        switch (cfg.onSchemaChange()) {
            case IGNORE -> { }
            case FAIL -> {
                if (!change.isEmpty()) {
                    throw new KilnException(ErrorCode.EXECUTION_FAILED, cfg.model()
                            + ": the columns changed (" + change.describe() + ") and on_schema_change is 'fail'. "
                            + "Rebuild with --full-refresh, or set on_schema_change to append_new_columns or sync_all_columns.");
                }
            }
            case APPEND_NEW_COLUMNS -> change.added().forEach(c -> ddl.add(dialect.addColumn(target, c.name(), c.type())));
            case SYNC_ALL_COLUMNS -> {
                change.added().forEach(c -> ddl.add(dialect.addColumn(target, c.name(), c.type())));
                change.removed().forEach(c -> ddl.add(dialect.dropColumn(target, c.name())));
                change.retyped().forEach(c -> ddl.add(dialect.alterColumnType(target, c.name(), c.to())));
            }
        }
        return ddl;
    }

    /**
     * The columns written: those the table and the new rows share, plus the new ones when
     * {@code on_schema_change} adds them. Checks that the key and partition columns are among them.
     */
    protected List<String> columns(IncrementalConfig cfg, SchemaChange change, RelationInfo incoming) {
        List<String> columns = new ArrayList<>(change.common());
        if (cfg.onSchemaChange() == IncrementalConfig.OnSchemaChange.APPEND_NEW_COLUMNS
                || cfg.onSchemaChange() == IncrementalConfig.OnSchemaChange.SYNC_ALL_COLUMNS) {
            change.added().forEach(c -> columns.add(c.name()));
        }
        if (columns.isEmpty()) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, cfg.model()
                    + ": the new rows share no column with the table. Rebuild with --full-refresh.");
        }
        Map<String, String> byKey = columns.stream().collect(Collectors.toMap(SchemaChange::key, Function.identity(), (a, b) -> a));
        String all = String.join(", ", incoming.columns().stream().map(RelationInfo.Column::name).toList());
        requireColumns(cfg, "unique_key", cfg.uniqueKey(), byKey, all);
        if (cfg.strategy() == IncrementalConfig.Strategy.INSERT_OVERWRITE) {
            requireColumns(cfg, "partitioned_by", cfg.partitionBy(), byKey, all);
        }
        return columns;
    }

    /** The statements that write the new rows of {@code staged} into {@code target}; the last one's count is reported. */
    protected List<String> strategyStatements(IncrementalConfig cfg, Relation target, Relation staged, List<String> columns) {
        List<String> keys = cfg.uniqueKey();
        return switch (cfg.strategy()) {
            case APPEND -> List.of(dialect.insertInto(target, staged, columns));
            case MERGE -> List.of(dialect.merge(new MergeSpec(target, staged, keys,
                    columns.stream().filter(c -> keys.stream().noneMatch(k -> k.equalsIgnoreCase(c))).toList(),
                    columns, cfg.predicates())));
            case DELETE_INSERT -> dialect.deleteInsert(new MergeSpec(target, staged, keys, List.of(), columns, cfg.predicates()));
            case INSERT_OVERWRITE -> dialect.insertOverwrite(target, staged, cfg.partitionBy(), columns);
        };
    }

    private static void requireColumns(IncrementalConfig cfg, String setting, List<String> wanted, Map<String, String> have,
                                       String all) {
        for (String w : wanted) {
            if (!have.containsKey(SchemaChange.key(w))) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, cfg.model() + ": " + setting + " column '" + w
                        + "' is not a column written to the table (the model's columns: " + all + ").");
            }
        }
    }
}
