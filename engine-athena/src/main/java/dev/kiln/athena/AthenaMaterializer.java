package dev.kiln.athena;

import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.BuildResult;
import dev.kiln.spi.Materializer;
import dev.kiln.spi.MergeSpec;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationKind;
import dev.kiln.spi.SeedCsv;
import dev.kiln.spi.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
 *   <li>{@code incremental}: the SPI's {@link dev.kiln.spi.IncrementalBuilder} ({@link AthenaIncrementalBuilder}):
 *       the new rows are staged in a working table, then {@code append}ed, {@code insert_overwrite}n by
 *       partition (Hive: through the catalog; Iceberg: {@code MERGE … DELETE} and insert), {@code merge}d or
 *       {@code delete+insert}ed by {@code unique_key} (Iceberg).</li>
 *   <li>snapshots: the SPI's {@link dev.kiln.spi.SnapshotBuilder} and {@link dev.kiln.spi.SnapshotSql}
 *       ({@link AthenaSnapshotBuilder}), on Iceberg tables.</li>
 *   <li>seeds: the CSV file is uploaded to S3, read through an external CSV table and written as a Parquet table.</li>
 * </ul>
 */
public final class AthenaMaterializer extends Materializer {

    /** Suffix of the table that holds a partition-batched build's rows. */
    public static final String STAGE_SUFFIX = "__kiln_stage";
    /** Suffix of the external table over a seed's uploaded CSV. */
    public static final String CSV_SUFFIX = "__kiln_csv";

    private static final Logger LOG = LoggerFactory.getLogger(AthenaMaterializer.class);
    /** How working tables are stored: Iceberg Parquet, so that timestamps keep their microseconds. */
    private static final TableConfig WORKING = TableConfig.STAGING.withFormat(TableFormat.ICEBERG);

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
     * @param clock   the snapshot time (UTC)
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

    /** The SPI's incremental build ({@link AthenaIncrementalBuilder}), its queries tracked as one build. */
    @Override
    public BuildResult incremental(BuildRequest req) {
        return session(req).track(() -> super.incremental(req));
    }

    /**
     * Snapshots (SCD type 2) as Iceberg tables, by the SPI's builder ({@link AthenaSnapshotBuilder}): the
     * first run builds the table like a {@code table} model; later runs stage the changes, then apply
     * them with one {@code MERGE} (one Iceberg commit, so readers never see a version closed without
     * its successor).
     */
    @Override
    public BuildResult snapshot(BuildRequest req) {
        return session(req).track(() -> super.snapshot(req));
    }

    @Override
    protected AthenaIncrementalBuilder incrementalBuilder() {
        return new AthenaIncrementalBuilder(this);
    }

    @Override
    protected AthenaSnapshotBuilder snapshotBuilder() {
        return new AthenaSnapshotBuilder(this, clock);
    }

    /**
     * Builds a working table (an incremental run's new rows, a snapshot's staged changes) as an
     * Iceberg table (timestamps keep their microseconds) in a new scratch folder below
     * {@code s3_data_dir}; a leftover of an interrupted run goes first, and on failure nothing is
     * left behind.
     */
    @Override
    protected long buildTemporary(Session session, Relation tmp, String query) {
        AthenaSession s = athena(session);
        discard(s, tmp);
        S3Uri folder = locations(s).scratch(tmp, "");
        try {
            return s.execute(sql.createTableAs(tmp, WORKING, folder, query, true));
        } catch (RuntimeException e) {
            cleanUp(s, tmp, folder, e);
            throw e;
        }
    }

    /** Drops a working table from the catalog and deletes its data (when Kiln manages it); failures only warn. */
    @Override
    protected void dropQuietly(Session session, Relation relation, RelationKind kind) {
        try {
            discard(athena(session), relation);
        } catch (RuntimeException e) {
            LOG.warn("Could not drop {}: {}. Drop it by hand.", relation.displayName(), e.getMessage());
        }
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

    /** Inserts {@code stage} into {@code target}, at most 100 partitions per statement. */
    long insertBatched(AthenaSession s, Relation target, Relation stage, List<String> columns, PartitionSpec spec,
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

    /** The merge of {@code spec}, at most 100 partitions (of {@code partitions}) per statement. */
    long mergeBatched(AthenaSession s, MergeSpec spec, PartitionSpec partitions) {
        List<List<String>> values = partitions.isEmpty() ? List.of() : distinctValues(s, spec.source(), partitions);
        if (values.size() <= PartitionSpec.MAX_PARTITIONS_PER_WRITE) {
            return s.execute(dialect.merge(spec));
        }
        long rows = 0;
        for (List<List<String>> batch : Batches.of(values, PartitionSpec.MAX_PARTITIONS_PER_WRITE)) {
            rows += Math.max(0, s.execute(dialect.merge(spec.withSourceFilter(sql.partitionPredicate(partitions, batch)))));
        }
        return rows;
    }

    /** The distinct partition values of {@code stage}, as text (null for null). */
    List<List<String>> distinctValues(AthenaSession s, Relation stage, PartitionSpec spec) {
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
    void overwritePartitions(AthenaSession s, Relation target, List<List<String>> values) {
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
        return athena(req.session());
    }

    /** The session as the Athena adapter's; a session of another adapter is refused. */
    static AthenaSession athena(Session s) {
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
