package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.IncrementalBuilder;
import dev.kiln.spi.IncrementalConfig;
import dev.kiln.spi.MergeSpec;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.SchemaChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Incremental models on Athena: the SPI's {@link IncrementalBuilder} (the new rows staged in a
 * working table, {@code on_schema_change}, the strategies' SQL from the dialect), with what
 * differs on Athena:
 * <ul>
 *   <li>the default strategy follows the table: {@code merge} on Iceberg with a {@code unique_key},
 *       {@code insert_overwrite} on a partitioned Hive table, {@code append} otherwise;</li>
 *   <li>{@code merge} and {@code delete+insert} need Iceberg (Athena writes rows of Hive tables
 *       only by adding files); {@code insert_overwrite} on Hive replaces partitions through the
 *       Glue catalog (their entries are removed, their files deleted, then the rows inserted), on
 *       Iceberg it is the dialect's {@code MERGE … DELETE} plus insert;</li>
 *   <li>a statement writes at most 100 partitions, so inserts and merges touching more run in batches;</li>
 *   <li>a table whose format ({@code table_type}) differs from its config is rebuilt.</li>
 * </ul>
 * One builder serves one build (it keeps the table's catalog entry between the steps).
 */
final class AthenaIncrementalBuilder extends IncrementalBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(AthenaIncrementalBuilder.class);

    private final AthenaMaterializer athena;
    private CatalogTable table;

    AthenaIncrementalBuilder(AthenaMaterializer materializer) {
        super(materializer);
        this.athena = materializer;
    }

    @Override
    protected IncrementalConfig config(BuildRequest req, RelationInfo existing) {
        TableConfig wanted = TableConfig.of(req.node());
        table = existing == null ? null : AthenaMaterializer.athena(req.session()).catalog().table(req.relation()).orElse(null);
        // a table in another format (or a view) is rebuilt in the config's format first: that one counts
        boolean iceberg = wanted.format() == TableFormat.ICEBERG;
        IncrementalConfig.Strategy whenUnset = iceberg && !req.node().config().uniqueKey().isEmpty()
                ? IncrementalConfig.Strategy.MERGE
                : !iceberg && wanted.partitioned() ? IncrementalConfig.Strategy.INSERT_OVERWRITE : IncrementalConfig.Strategy.APPEND;
        IncrementalConfig cfg = IncrementalConfig.of(req.node(), whenUnset);
        boolean rowLevel = cfg.strategy() == IncrementalConfig.Strategy.MERGE
                || cfg.strategy() == IncrementalConfig.Strategy.DELETE_INSERT;
        if (rowLevel && !iceberg) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, cfg.model() + ": incremental_strategy '"
                    + cfg.strategy().configName() + "' needs an Iceberg table on Athena; set table_type: iceberg (and run "
                    + "with --full-refresh once), or use append or insert_overwrite on a Hive table.");
        }
        return cfg;
    }

    /** A table stored in another format than its config asks for is rebuilt in the new one. */
    @Override
    protected boolean rebuildInstead(BuildRequest req, IncrementalConfig cfg, RelationInfo existing) {
        TableFormat wanted = TableConfig.of(req.node()).format();
        if (table != null && table.format() != wanted) {
            LOG.info("{} is a {} table but its config says {}; rebuilding it", req.relation().displayName(),
                    table.format().name().toLowerCase(Locale.ROOT), wanted.name().toLowerCase(Locale.ROOT));
            return true;
        }
        return false;
    }

    /** Athena drops and retypes columns of Iceberg tables only: {@code sync_all_columns} on Hive stops with a hint. */
    @Override
    protected List<String> schemaStatements(IncrementalConfig cfg, Relation target, SchemaChange change) {
        if (cfg.onSchemaChange() == IncrementalConfig.OnSchemaChange.SYNC_ALL_COLUMNS && !iceberg()
                && (!change.removed().isEmpty() || !change.retyped().isEmpty())) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, cfg.model() + ": the columns changed (" + change.describe()
                    + ") and on_schema_change is 'sync_all_columns', but Athena cannot drop or retype the columns of a Hive "
                    + "table; set table_type: iceberg, use append_new_columns, or rebuild with --full-refresh.");
        }
        return super.schemaStatements(cfg, target, change);
    }

    @Override
    protected long write(BuildRequest req, IncrementalConfig cfg, Relation staged, List<String> columns, List<String> schemaDdl) {
        AthenaSession s = AthenaMaterializer.athena(req.session());
        Relation target = req.relation();
        schemaDdl.forEach(s::execute);
        PartitionSpec spec = PartitionSpec.of(partitionColumns(req, cfg), (AthenaDialect) dialect);
        List<String> keys = cfg.uniqueKey();
        return switch (cfg.strategy()) {
            case APPEND -> athena.insertBatched(s, target, staged, columns, spec, null);
            case INSERT_OVERWRITE -> {
                if (iceberg()) {
                    yield run(s, dialect.insertOverwrite(target, staged, cfg.partitionBy(), columns));
                }
                List<List<String>> values = athena.distinctValues(s, staged, spec);
                athena.overwritePartitions(s, target, values);
                yield athena.insertBatched(s, target, staged, columns, spec, values);
            }
            case MERGE -> athena.mergeBatched(s, new MergeSpec(target, staged, keys,
                    columns.stream().filter(c -> keys.stream().noneMatch(k -> k.equalsIgnoreCase(c))).toList(),
                    columns, cfg.predicates()), spec);
            case DELETE_INSERT -> run(s, dialect.deleteInsert(new MergeSpec(target, staged, keys, List.of(), columns,
                    cfg.predicates())));
        };
    }

    /** The partition columns: a Hive table's partition keys as the catalog has them, else the config's. */
    private List<String> partitionColumns(BuildRequest req, IncrementalConfig cfg) {
        if (table != null && !iceberg() && !table.partitionKeys().isEmpty()) {
            return table.partitionKeys().stream().map(RelationInfo.Column::name).toList();
        }
        List<String> configured = TableConfig.of(req.node()).partitionedBy();
        return configured.isEmpty() ? cfg.partitionBy() : configured;
    }

    private boolean iceberg() {
        return Optional.ofNullable(table).map(t -> t.format() == TableFormat.ICEBERG).orElse(false);
    }

    private static long run(AthenaSession s, List<String> statements) {
        long last = -1;
        for (String sql : statements) {
            last = s.execute(sql);
        }
        return last;
    }
}
