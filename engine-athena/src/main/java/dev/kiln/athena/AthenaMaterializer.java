package dev.kiln.athena;

import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.BuildResult;
import dev.kiln.spi.Materializer;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.RelationKind;
import dev.kiln.spi.SeedCsv;
import dev.kiln.spi.Session;
import dev.kiln.spi.SnapshotConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * How nodes are built on Athena. DDL is not transactional there, so tables are replaced through
 * the Glue catalog instead: the new table is built under a temporary name into a new S3 folder,
 * the catalog entry of the target is then pointed at it in one update (readers see the old
 * table until then, the new one after), and only then is the old folder deleted. A failure at
 * any step before the swap leaves the old table as it was and deletes what the build wrote.
 *
 * <ul>
 *   <li>{@code view}: {@code create or replace view}; a table of that name is swapped for the view the same way.</li>
 *   <li>{@code table}: Hive ({@code external_location}, {@code partitioned_by}, {@code bucketed_by}) or
 *       Iceberg ({@code table_type: iceberg}); writes of more than 100 partitions are batched.</li>
 *   <li>{@code incremental}: the new rows are staged in a table, then {@code append}ed,
 *       {@code insert_overwrite}n by partition (Hive) or {@code merge}d by {@code unique_key} (Iceberg).</li>
 *   <li>seeds: the CSV file is uploaded to S3, read through an external CSV table and written as a Parquet table.</li>
 * </ul>
 */
public final class AthenaMaterializer extends Materializer {

    /** Suffix of the table that holds an incremental run's new rows, or a partition-batched build's rows. */
    public static final String STAGE_SUFFIX = "__kiln_stage";
    /** Suffix of the external table over a seed's uploaded CSV. */
    public static final String CSV_SUFFIX = "__kiln_csv";

    private static final Logger LOG = LoggerFactory.getLogger(AthenaMaterializer.class);
    private static final Set<String> STRATEGIES = Set.of("append", "insert_overwrite", "merge");

    private final AthenaDialect athena;
    private final AthenaSql sql;
    private final Supplier<UUID> uuids;
    private final Clock clock;

    /** @param dialect the target's dialect; @param uuids where unique folder names come from */
    public AthenaMaterializer(AthenaDialect dialect, Supplier<UUID> uuids) {
        this(dialect, uuids, Clock.systemUTC());
    }

    /**
     * @param dialect the target's dialect
     * @param uuids   where unique folder names come from
     * @param clock   the snapshot time of {@code check} snapshots (UTC)
     */
    public AthenaMaterializer(AthenaDialect dialect, Supplier<UUID> uuids, Clock clock) {
        super(dialect);
        this.athena = dialect;
        this.sql = new AthenaSql(dialect);
        this.uuids = uuids;
        this.clock = clock;
    }

    /** The statements this materializer runs. */
    public AthenaSql sql() {
        return sql;
    }

    @Override
    public BuildResult view(BuildRequest req) {
        AthenaSession s = session(req);
        return s.track(() -> {
            Relation target = req.relation();
            s.ensureSchema(target.schema());
            Optional<CatalogTable> existing = s.catalog().table(target);
            if (existing.isEmpty() || existing.get().kind() == RelationKind.VIEW) {
                s.execute(dialect.createView(target, req.sql()));
            } else {
                Relation tmp = temporary(target);
                discard(s, tmp);
                s.execute(dialect.createView(tmp, req.sql()));
                swap(s, tmp, target, existing, null);
            }
            return new BuildResult(-1, "CREATE VIEW");
        });
    }

    @Override
    public BuildResult table(BuildRequest req) {
        AthenaSession s = session(req);
        return s.track(() -> {
            long rows = build(s, req.relation(), TableConfig.of(req.node()), req.sql());
            return new BuildResult(rows, "CREATE TABLE");
        });
    }

    @Override
    public BuildResult incremental(BuildRequest req) {
        AthenaSession s = session(req);
        return s.track(() -> incrementalBuild(s, req));
    }

    /**
     * Snapshots (SCD type 2) as Iceberg tables: the first run builds the table like a {@code table}
     * model; later runs stage the changes, then apply them with one {@code MERGE} (one Iceberg
     * commit, so readers never see a version closed without its successor).
     */
    @Override
    public BuildResult snapshot(BuildRequest req) {
        AthenaSession s = session(req);
        return s.track(() -> snapshotBuild(s, req));
    }

    @Override
    public BuildResult seed(BuildRequest req) {
        AthenaSession s = session(req);
        return s.track(() -> seedBuild(s, req));
    }

    // ---- tables

    /** Builds {@code target} from {@code query} and swaps it in; returns the rows written. */
    long build(AthenaSession s, Relation target, TableConfig cfg, String query) {
        s.ensureSchema(target.schema());
        Locations locations = locations(s);
        Optional<CatalogTable> existing = s.catalog().table(target);
        Locations.Placement place = locations.table(target, cfg);
        if (place.unique()) {
            Relation tmp = temporary(target);
            discard(s, tmp);
            long rows = create(s, tmp, cfg, place.uri(), query);
            swap(s, tmp, target, existing, place.uri());
            return rows;
        }
        // a fixed folder: the old table and its data must go first (readers miss the table meanwhile)
        existing.ifPresent(old -> {
            s.catalog().drop(target);
            if (old.location() != null && !old.location().equals(place.uri())) {
                deleteData(s, old.location());
            }
        });
        s.store().deletePrefix(place.uri());
        return create(s, target, cfg, place.uri(), query);
    }

    /** CTAS into a new folder; more than 100 partitions are written in batches. On failure nothing is left behind. */
    private long create(AthenaSession s, Relation relation, TableConfig cfg, S3Uri location, String query) {
        try {
            return s.execute(sql.createTableAs(relation, cfg, location, query, true));
        } catch (KilnException e) {
            cleanUp(s, relation, location, e);
            if (!cfg.partitioned() || !tooManyPartitions(e)) {
                throw e;
            }
            LOG.info("{} writes more than {} partitions; writing it in batches", relation.displayName(),
                    PartitionSpec.MAX_PARTITIONS_PER_WRITE);
        }
        Relation model = relation.identifier().endsWith(TEMP_SUFFIX) ? new Relation(relation.database(), relation.schema(),
                relation.identifier().substring(0, relation.identifier().length() - TEMP_SUFFIX.length())) : relation;
        Relation stage = stage(model);
        S3Uri stageDir = locations(s).scratch(model, STAGE_SUFFIX);
        discard(s, stage);
        try {
            s.execute(sql.createTableAs(stage, TableConfig.STAGING, stageDir, query, true));
            s.execute(sql.createTableAs(relation, cfg, location, "select * from " + dialect.render(stage), false));
            List<String> columns = s.catalog().table(stage).map(CatalogTable::columnNames).orElseThrow();
            return insertBatched(s, relation, stage, columns, PartitionSpec.of(cfg.partitionedBy(), athena), null);
        } catch (KilnException e) {
            cleanUp(s, relation, location, e);
            throw e;
        } finally {
            drop(s, stage, stageDir);
        }
    }

    /**
     * Points {@code target}'s catalog entry at {@code tmp}'s, then deletes the data of the table
     * it replaced (when that lies below {@code s3_data_dir} and is not where the new data is).
     */
    private void swap(AthenaSession s, Relation tmp, Relation target, Optional<CatalogTable> old, S3Uri newLocation) {
        try {
            s.catalog().replace(tmp, target);
        } catch (RuntimeException e) {
            S3Uri tmpLocation = s.catalog().table(tmp).map(CatalogTable::location).orElse(newLocation);
            cleanUp(s, tmp, tmpLocation, e);
            throw e;
        }
        if (old.isEmpty() || old.get().location() == null) {
            return;
        }
        S3Uri previous = old.get().location();
        if (newLocation != null && (previous.contains(newLocation) || newLocation.contains(previous))) {
            LOG.warn("The previous data of {} at {} overlaps its new data at {}; it was kept", target.displayName(),
                    previous, newLocation);
            return;
        }
        deleteData(s, previous);
    }

    /** Deletes a replaced table's data, when Kiln manages that folder; failures only warn (the table is already fine). */
    private void deleteData(AthenaSession s, S3Uri location) {
        if (!locations(s).managed(location)) {
            LOG.warn("The previous data at {} lies outside s3_data_dir {}; Kiln leaves it in place", location,
                    s.settings().dataDir());
            return;
        }
        try {
            s.store().deletePrefix(location);
        } catch (RuntimeException e) {
            LOG.warn("Could not delete the previous data at {}: {}. Delete it by hand.", location, e.getMessage());
        }
    }

    // ---- incremental models

    private BuildResult incrementalBuild(AthenaSession s, BuildRequest req) {
        CompiledNode node = req.node();
        Relation target = req.relation();
        TableConfig cfg = TableConfig.of(node);
        Optional<CatalogTable> existing = s.catalog().table(target);
        boolean fullRefresh = node.config().get("full_refresh").map(v -> Boolean.parseBoolean(String.valueOf(v)))
                .orElse(req.fullRefresh());
        if (existing.isEmpty() || fullRefresh || existing.get().kind() == RelationKind.VIEW) {
            return new BuildResult(build(s, target, cfg, req.sql()), "CREATE TABLE");
        }
        CatalogTable table = existing.get();
        if (table.format() != cfg.format()) {
            LOG.info("{} is a {} table but its config says {}; rebuilding it", target.displayName(),
                    table.format().name().toLowerCase(Locale.ROOT), cfg.format().name().toLowerCase(Locale.ROOT));
            return new BuildResult(build(s, target, cfg, req.sql()), "CREATE TABLE");
        }
        String strategy = strategy(node, table, cfg);
        List<String> keys = node.config().uniqueKey().stream()
                .flatMap(k -> java.util.Arrays.stream(k.split(","))).map(String::strip).filter(k -> !k.isEmpty()).toList();
        List<String> partitionCols = table.format() == TableFormat.HIVE && !table.partitionKeys().isEmpty()
                ? table.partitionKeys().stream().map(RelationInfo.Column::name).toList() : cfg.partitionedBy();
        if (strategy.equals("insert_overwrite") && partitionCols.isEmpty()) {
            return new BuildResult(build(s, target, cfg, req.sql()), "CREATE TABLE");
        }
        Relation stage = stage(target);
        S3Uri stageDir = locations(s).scratch(target, STAGE_SUFFIX);
        discard(s, stage);
        try {
            s.execute(sql.createTableAs(stage, TableConfig.STAGING, stageDir, req.sql(), true));
            CatalogTable staged = s.catalog().table(stage).orElseThrow(() -> new KilnException(ErrorCode.EXECUTION_FAILED,
                    "The staging table " + stage.displayName() + " is missing from the Glue catalog."));
            List<String> columns = columns(s, node, table, staged);
            PartitionSpec spec = PartitionSpec.of(partitionCols, athena);
            return switch (strategy) {
                case "append" -> new BuildResult(insertBatched(s, target, stage, columns, spec, null), "INSERT");
                case "insert_overwrite" -> {
                    List<List<String>> values = distinctValues(s, stage, spec);
                    overwritePartitions(s, target, values);
                    yield new BuildResult(insertBatched(s, target, stage, columns, spec, values), "INSERT");
                }
                default -> new BuildResult(mergeBatched(s, node, target, stage, keys, columns, spec), "MERGE");
            };
        } finally {
            drop(s, stage, stageDir);
        }
    }

    private String strategy(CompiledNode node, CatalogTable table, TableConfig cfg) {
        String what = node.node().origin().path().toString().replace('\\', '/') + ": model " + node.name();
        boolean iceberg = table.format() == TableFormat.ICEBERG;
        String strategy = node.config().string("incremental_strategy").map(v -> v.strip().toLowerCase(Locale.ROOT))
                .orElse(iceberg && !node.config().uniqueKey().isEmpty() ? "merge"
                        : !iceberg && (!table.partitionKeys().isEmpty() || cfg.partitioned()) ? "insert_overwrite" : "append");
        if (!STRATEGIES.contains(strategy)) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, what + ": incremental_strategy '" + strategy
                    + "' is not available on Athena; use append, insert_overwrite (Hive tables) or merge (Iceberg tables).");
        }
        if (strategy.equals("merge") && !iceberg) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, what + ": incremental_strategy 'merge' needs an Iceberg "
                    + "table; set table_type: iceberg (and run with --full-refresh once), or use insert_overwrite.");
        }
        if (strategy.equals("merge") && node.config().uniqueKey().isEmpty()) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, what + ": incremental_strategy 'merge' needs a unique_key; "
                    + "set unique_key to the column (or list of columns) that identifies a row.");
        }
        if (strategy.equals("insert_overwrite") && iceberg) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, what + ": incremental_strategy 'insert_overwrite' works on "
                    + "Hive tables only; use merge with a unique_key on an Iceberg table.");
        }
        return strategy;
    }

    /** The columns to write: the table's, in its order, that the new rows have ({@code on_schema_change}). */
    private List<String> columns(AthenaSession s, CompiledNode node, CatalogTable table, CatalogTable staged) {
        Map<String, RelationInfo.Column> incoming = staged.allColumns().stream()
                .collect(Collectors.toMap(c -> c.name().toLowerCase(Locale.ROOT), c -> c, (a, b) -> a, java.util.LinkedHashMap::new));
        Set<String> have = table.columnNames().stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<RelationInfo.Column> added = incoming.values().stream()
                .filter(c -> !have.contains(c.name().toLowerCase(Locale.ROOT))).toList();
        List<String> missing = table.columnNames().stream().filter(c -> !incoming.containsKey(c.toLowerCase(Locale.ROOT))).toList();
        String mode = node.config().string("on_schema_change").orElse("ignore").strip().toLowerCase(Locale.ROOT);
        String what = node.node().origin().path().toString().replace('\\', '/') + ": model " + node.name();
        switch (mode) {
            case "ignore" -> {
            }
            case "fail" -> {
                if (!added.isEmpty() || !missing.isEmpty()) {
                    throw new KilnException(ErrorCode.EXECUTION_FAILED, what + ": the model's columns differ from the table's"
                            + " (new: " + added.stream().map(RelationInfo.Column::name).toList() + ", missing: " + missing
                            + ") and on_schema_change is 'fail'; run with --full-refresh or change on_schema_change.");
                }
            }
            case "append_new_columns" -> {
                if (!added.isEmpty()) {
                    s.execute(sql.addColumns(table.relation(), added));
                }
            }
            default -> throw new KilnException(ErrorCode.EXECUTION_FAILED, what + ": on_schema_change '" + mode
                    + "' is not available on Athena; use ignore, fail or append_new_columns.");
        }
        List<String> out = new ArrayList<>();
        for (String c : table.columnNames()) {
            if (incoming.containsKey(c.toLowerCase(Locale.ROOT))) {
                out.add(c);
            }
        }
        if (mode.equals("append_new_columns")) {
            added.forEach(c -> out.add(c.name()));
        }
        return out;
    }

    /** Inserts {@code stage} into {@code target}, at most 100 partitions per statement. */
    private long insertBatched(AthenaSession s, Relation target, Relation stage, List<String> columns, PartitionSpec spec,
                               List<List<String>> known) {
        if (spec.isEmpty()) {
            return s.execute(sql.insert(target, stage, columns, null));
        }
        List<List<String>> values = known != null ? known : distinctValues(s, stage, spec);
        if (values.size() <= PartitionSpec.MAX_PARTITIONS_PER_WRITE) {
            return s.execute(sql.insert(target, stage, columns, null));
        }
        long rows = 0;
        for (List<List<String>> batch : Batches.of(values, PartitionSpec.MAX_PARTITIONS_PER_WRITE)) {
            rows += Math.max(0, s.execute(sql.insert(target, stage, columns, sql.partitionPredicate(spec, batch))));
        }
        return rows;
    }

    private long mergeBatched(AthenaSession s, CompiledNode node, Relation target, Relation stage, List<String> keys,
                              List<String> columns, PartitionSpec spec) {
        List<String> predicates = node.config().strings("incremental_predicates");
        List<List<String>> values = spec.isEmpty() ? List.of() : distinctValues(s, stage, spec);
        if (values.size() <= PartitionSpec.MAX_PARTITIONS_PER_WRITE) {
            return s.execute(sql.merge(target, stage, null, keys, columns, predicates));
        }
        long rows = 0;
        for (List<List<String>> batch : Batches.of(values, PartitionSpec.MAX_PARTITIONS_PER_WRITE)) {
            rows += Math.max(0, s.execute(sql.merge(target, stage, sql.partitionPredicate(spec, batch), keys, columns,
                    predicates)));
        }
        return rows;
    }

    private List<List<String>> distinctValues(AthenaSession s, Relation stage, PartitionSpec spec) {
        QueryResult r = s.query(sql.distinctPartitions(stage, spec), Integer.MAX_VALUE);
        List<List<String>> out = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            List<String> tuple = new ArrayList<>(row.size());
            row.forEach(v -> tuple.add(v == null ? null : String.valueOf(v)));
            out.add(tuple);
        }
        return out;
    }

    /** Removes the Hive partitions that the new rows replace: their catalog entries, then their files. */
    private void overwritePartitions(AthenaSession s, Relation target, List<List<String>> values) {
        Set<List<String>> wanted = values.stream().map(v -> v.stream()
                .map(x -> x == null ? "__HIVE_DEFAULT_PARTITION__" : x).toList()).collect(Collectors.toSet());
        List<Partition> replaced = s.catalog().partitions(target).stream().filter(p -> wanted.contains(p.values())).toList();
        if (replaced.isEmpty()) {
            return;
        }
        s.catalog().dropPartitions(target, replaced.stream().map(Partition::values).toList());
        for (Partition p : replaced) {
            if (p.location() != null) {
                s.store().deletePrefix(p.location());
            }
        }
    }

    // ---- snapshots

    private BuildResult snapshotBuild(AthenaSession s, BuildRequest req) {
        CompiledNode node = req.node();
        SnapshotConfig spec = SnapshotConfig.of(node);
        if (spec.hardDeletes() == SnapshotConfig.HardDeletes.NEW_RECORD) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, spec.snapshot()
                    + ": hard_deletes 'new_record' is not available on Athena; use ignore or invalidate.");
        }
        Relation target = req.relation();
        TableConfig cfg = TableConfig.of(node).withFormat(TableFormat.ICEBERG);
        String now = "cast(" + dialect.quoteString(LocalDateTime.now(clock)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"))) + " as " + SnapshotSql.TIMESTAMP + ")";
        SnapshotSql snap = new SnapshotSql(athena, spec, target, now);
        Optional<CatalogTable> existing = s.catalog().table(target);
        if (existing.isEmpty()) {
            long rows = build(s, target, cfg, snap.create(req.sql()));
            return new BuildResult(rows, "SNAPSHOT " + Math.max(rows, 0) + " new, 0 changed, 0 deleted");
        }
        CatalogTable table = existing.get();
        if (table.format() != TableFormat.ICEBERG) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, spec.snapshot() + ": " + target.displayName() + " is not an Iceberg "
                    + "table; snapshots on Athena are Iceberg tables (they need MERGE). Drop the table to start the history over.");
        }
        QueryResult shape = s.query(athena.limit(req.sql(), 0), 0);
        List<String> sourceColumns = shape.columns();
        for (String c : sourceColumns) {
            if (c.toLowerCase(Locale.ROOT).startsWith("kiln_")) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, spec.snapshot() + ": the source has a column named " + c
                        + "; the kiln_ prefix is reserved for the snapshot's own columns.");
            }
        }
        Set<String> have = table.columnNames().stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<RelationInfo.Column> added = new ArrayList<>();
        for (int i = 0; i < sourceColumns.size(); i++) {
            if (!have.contains(sourceColumns.get(i).toLowerCase(Locale.ROOT))) {
                added.add(new RelationInfo.Column(sourceColumns.get(i), shape.types().get(i)));
            }
        }
        Relation stage = stage(target);
        S3Uri stageDir = locations(s).scratch(target, STAGE_SUFFIX);
        discard(s, stage);
        try {
            TableConfig staging = TableConfig.STAGING.withFormat(TableFormat.ICEBERG);
            s.execute(sql.createTableAs(stage, staging, stageDir, snap.changes(req.sql(), sourceColumns, table.columnNames()), true));
            QueryResult dup = s.query(snap.duplicateKeys(stage), 1);
            if (!dup.rows().isEmpty()) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, spec.snapshot() + ": unique_key " + spec.uniqueKey()
                        + " is not unique in the source, e.g. " + dup.rows().get(0).subList(0, spec.uniqueKey().size())
                        + ". The snapshot was left unchanged.");
            }
            Map<String, Long> counts = new java.util.HashMap<>();
            for (List<Object> row : s.query(snap.countChanges(stage), 10).rows()) {
                counts.put(String.valueOf(row.get(0)), ((Number) row.get(1)).longValue());
            }
            long inserted = counts.getOrDefault("insert", 0L);
            long updated = counts.getOrDefault("update", 0L);
            long deleted = counts.getOrDefault("delete", 0L);
            if (inserted + updated + deleted > 0) {
                if (!added.isEmpty()) {
                    s.execute(sql.addColumns(target, added));
                }
                s.execute(snap.apply(stage, sourceColumns));
            }
            return new BuildResult(inserted + updated + deleted, "SNAPSHOT " + inserted + " new, " + updated + " changed, "
                    + deleted + " deleted");
        } finally {
            drop(s, stage, stageDir);
        }
    }

    // ---- seeds

    private BuildResult seedBuild(AthenaSession s, BuildRequest req) {
        CompiledNode node = req.node();
        Path file = req.projectRoot().resolve(node.node().origin().path()).toAbsolutePath().normalize();
        String delimiter = node.config().string("delimiter").orElse(",");
        if (delimiter.length() != 1 && !delimiter.equals("\\t")) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, node.node().origin().path() + ": delimiter '" + delimiter
                    + "' must be one character.");
        }
        char sep = delimiter.equals("\\t") ? '\t' : delimiter.charAt(0);
        byte[] bytes;
        SeedCsv csv;
        try {
            bytes = Files.readAllBytes(file);
            csv = SeedCsv.parse(new String(bytes, StandardCharsets.UTF_8), sep);
        } catch (IOException | IllegalArgumentException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot read seed " + file + ": " + e.getMessage(), e);
        }
        Object declared = node.config().values().get("column_types");
        List<String> types = csv.types(declared instanceof Map<?, ?> m ? m : Map.of());
        Relation target = req.relation();
        s.ensureSchema(target.schema());
        Relation csvTable = new Relation(target.database(), target.schema(), target.identifier() + CSV_SUFFIX);
        S3Uri csvDir = locations(s).scratch(target, CSV_SUFFIX);
        discard(s, csvTable);
        try {
            s.store().put(csvDir.resolve(file.getFileName().toString()), bytes);
            s.execute(sql.createCsvTable(csvTable, csv.header(), csvDir, sep));
            long rows = build(s, target, TableConfig.of(node), sql.selectTyped(csvTable, csv.header(), types));
            return new BuildResult(rows < 0 ? csv.rows().size() : rows, "INSERT " + (rows < 0 ? csv.rows().size() : rows));
        } finally {
            drop(s, csvTable, csvDir);
        }
    }

    // ---- crash recovery

    /** The temporary table, the staging table and the seed's CSV table of a build of {@code target}. */
    @Override
    public List<Relation> temporaries(Relation target) {
        return List.of(temporary(target), stage(target),
                new Relation(target.database(), target.schema(), target.identifier() + CSV_SUFFIX));
    }

    /**
     * Rolls an interrupted build back: the swap is one Glue catalog update, so {@code target}
     * is the old table or the new one, and every working table left (with its data, when Kiln
     * manages that folder) is removed.
     */
    @Override
    public List<String> recover(Session session, Relation target) {
        if (!(session instanceof AthenaSession s)) {
            return super.recover(session, target);
        }
        List<String> done = new java.util.ArrayList<>();
        for (Relation r : temporaries(target)) {
            if (s.catalog().table(r).isPresent()) {
                discard(s, r);
                done.add("dropped " + r.displayName() + " (left by an interrupted build)");
            }
        }
        return done;
    }

    // ---- helpers

    private AthenaSession session(BuildRequest req) {
        Session s = req.session();
        if (s instanceof AthenaSession a) {
            return a;
        }
        throw new KilnException(ErrorCode.EXECUTION_FAILED, "The Athena materializer needs a session of the Athena adapter, not "
                + s.getClass().getName() + ".");
    }

    private Locations locations(AthenaSession s) {
        return new Locations(s.settings(), uuids);
    }

    private static Relation stage(Relation target) {
        return new Relation(target.database(), target.schema(), target.identifier() + STAGE_SUFFIX);
    }

    /** Removes a leftover working table (and its data, when Kiln manages it) from an earlier, interrupted run. */
    private void discard(AthenaSession s, Relation relation) {
        Optional<CatalogTable> left = s.catalog().table(relation);
        if (left.isEmpty()) {
            return;
        }
        s.catalog().drop(relation);
        S3Uri location = left.get().location();
        if (location != null && locations(s).managed(location)) {
            s.store().deletePrefix(location);
        }
    }

    /** Drops a working table and deletes its folder, quietly (used in finally blocks). */
    private void drop(AthenaSession s, Relation relation, S3Uri folder) {
        try {
            s.catalog().drop(relation);
        } catch (RuntimeException e) {
            LOG.warn("Could not drop {}: {}", relation.displayName(), e.getMessage());
        }
        try {
            s.store().deletePrefix(folder);
        } catch (RuntimeException e) {
            LOG.warn("Could not delete {}: {}. Delete it by hand.", folder, e.getMessage());
        }
    }

    /** After a failed write: the half-made table and its folder go; cleanup failures are added to {@code cause}. */
    private void cleanUp(AthenaSession s, Relation relation, S3Uri folder, RuntimeException cause) {
        try {
            s.catalog().drop(relation);
            if (folder != null) {
                s.store().deletePrefix(folder);
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static boolean tooManyPartitions(KilnException e) {
        return e.getMessage() != null && e.getMessage().contains("TOO_MANY_OPEN_PARTITIONS");
    }
}
