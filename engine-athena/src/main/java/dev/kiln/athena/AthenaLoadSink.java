package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.LoadSink;
import dev.kiln.spi.LoadTarget;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.StageWriter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A load on Athena. Rows are staged locally ({@link LocalStage}); {@link #commit} writes them to
 * S3 as Parquet and makes data and state visible in one atomic catalog step:
 * <ul>
 *   <li>{@code append} and {@code replace} ({@link ManifestLoads}): the table is a Glue table
 *   whose location is a manifest listing its Parquet files; one Glue {@code UpdateTable} moves it
 *   to the new manifest AND stores the state in the table's parameter {@value #STATE};</li>
 *   <li>{@code merge} ({@link IcebergLoads}): an Iceberg table and one {@code MERGE}; the state is
 *   written beside it first and counts as committed when the table holds rows of this load.</li>
 * </ul>
 * Opening the sink finishes or undoes what an interrupted load left (see those classes).
 */
final class AthenaLoadSink implements LoadSink {

    /** Table parameter holding the committed state. */
    static final String STATE = "kiln.load_state";
    /** Table parameter holding the id of the load that committed last. */
    static final String LOAD_ID = "kiln.load_id";

    private final Context ctx;
    private LocalStage stage;
    private String state;

    /**
     * What the parts of a load on Athena share.
     *
     * @param session the worker's session
     * @param dialect Athena's SQL dialect
     * @param sql     Athena's statements
     * @param target  the load
     * @param layout  where its objects go
     */
    record Context(AthenaSession session, AthenaDialect dialect, AthenaSql sql, LoadTarget target, LoadLayout layout) {
        Catalog catalog() {
            return session.catalog();
        }

        ObjectStore store() {
            return session.store();
        }

        String table() {
            return target.stateKey();
        }
    }

    private AthenaLoadSink(Context ctx) {
        this.ctx = ctx;
    }

    /** Opens a sink and recovers from an interrupted earlier load of the same table. */
    static AthenaLoadSink open(AthenaSession session, AthenaDialect dialect, LoadTarget target) {
        String location = target.externalLocation();
        if (location != null && !location.toLowerCase(java.util.Locale.ROOT).startsWith("s3://")) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Loading " + target.stateKey() + " into '" + location
                    + "' is not possible on Athena: 'external_location' must be an s3:// folder (or left out, to land"
                    + " under the target's s3_data_dir).");
        }
        LoadLayout layout = new LoadLayout(target, session.settings().dataDir());
        Context ctx = new Context(session, dialect, new AthenaSql(dialect), target, layout);
        session.catalog().ensureSchema(layout.relation("").schema());
        Optional<CatalogTable> root = session.catalog().table(layout.relation(""));
        new IcebergLoads(ctx).recover(root);
        root = session.catalog().table(layout.relation(""));
        if (root.isEmpty() || root.get().format() != TableFormat.ICEBERG) {
            new ManifestLoads(ctx).recover(root);
        }
        AthenaLoadSink sink = new AthenaLoadSink(ctx);
        sink.state = session.catalog().table(layout.relation("")).map(t -> t.parameters().get(STATE)).orElse(null);
        return sink;
    }

    @Override
    public String state() {
        return state;
    }

    @Override
    public Map<String, LoadType> columns(String table) {
        return columnsOf(ctx.catalog().table(ctx.layout().relation(table)));
    }

    static Map<String, LoadType> columnsOf(Optional<CatalogTable> table) {
        Map<String, LoadType> out = new LinkedHashMap<>();
        table.ifPresent(t -> t.allColumns().forEach(c -> out.put(c.name(), LoadType.parse(c.type()))));
        return out;
    }

    @Override
    public StageWriter stage(String table) {
        if (stage == null) {
            stage = new LocalStage(); // created on first use: a load that finds nothing new needs none
        }
        return stage.writer(table);
    }

    @Override
    public long commit(String newState) {
        if (stage == null) {
            stage = new LocalStage();
        }
        Optional<CatalogTable> root = ctx.catalog().table(ctx.layout().relation(""));
        boolean iceberg = "merge".equals(ctx.target().disposition())
                || "append".equals(ctx.target().disposition()) && root.map(t -> t.format() == TableFormat.ICEBERG).orElse(false);
        long rows = iceberg ? new IcebergLoads(ctx).commit(stage, root, newState)
                : new ManifestLoads(ctx).commit(stage, root, newState);
        state = newState;
        return rows;
    }

    @Override
    public void close() {
        if (stage != null) {
            stage.close();
        }
    }

    /** The Hive type of a loaded column. */
    static String hiveType(LoadType t) {
        return switch (t.kind()) {
            case BOOLEAN -> "boolean";
            case BIGINT -> "bigint";
            case DECIMAL -> "decimal(" + t.precision() + "," + t.scale() + ")";
            case DOUBLE -> "double";
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
            case VARCHAR -> "string";
        };
    }

    /**
     * The table's columns after this load: the existing ones in their order (their types kept),
     * then the new ones. A staged type that the existing column cannot hold stops the load:
     * Athena cannot change the type of Parquet data already written.
     */
    static List<TableDefinition.Column> evolve(Context ctx, String table, Map<String, LoadType> existing,
                                                 Map<String, LoadType> staged, List<String> order) {
        java.util.List<TableDefinition.Column> out = new java.util.ArrayList<>();
        existing.forEach((name, type) -> {
            LoadType s = staged.get(name);
            if (s != null && !type.holds(s)) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "Column '" + name + "' of "
                        + ctx.layout().relation(table).displayName() + " is " + type.sql() + " on Athena, and this load of "
                        + ctx.table() + " holds " + s.sql() + " values. Athena cannot change the type of Parquet data"
                        + " already written: reload the table with 'kiln load --full-refresh -s source:" + ctx.table()
                        + "', or cast the column in the source.");
            }
            out.add(new TableDefinition.Column(name, hiveType(type)));
        });
        for (String name : order) {
            if (!existing.containsKey(name)) {
                out.add(new TableDefinition.Column(name, hiveType(staged.get(name))));
            }
        }
        return out;
    }

    /** The columns of a catalog entry as SPI columns. */
    static List<RelationInfo.Column> sqlColumns(List<TableDefinition.Column> cols) {
        return cols.stream().map(c -> new RelationInfo.Column(c.name(), HiveTypes.toSql(c.hiveType()))).toList();
    }
}
