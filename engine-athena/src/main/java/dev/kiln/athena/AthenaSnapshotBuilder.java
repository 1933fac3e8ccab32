package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.BuildResult;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.Session;
import dev.kiln.spi.SnapshotBuilder;
import dev.kiln.spi.SnapshotConfig;
import dev.kiln.spi.SnapshotSql;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Snapshots on Athena: the SPI's {@link SnapshotBuilder} and {@link SnapshotSql}, on Iceberg
 * tables (they need {@code MERGE}). The first run builds the table like a {@code table} model
 * (new folder, Glue swap); later runs stage the changes in an Iceberg working table and record
 * them with ONE {@code MERGE} ({@link SnapshotSql#mergeVersions}: one Iceberg commit, since Athena
 * has no transactions). The snapshot time is the machine's clock (UTC), at microseconds.
 */
final class AthenaSnapshotBuilder extends SnapshotBuilder {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final AthenaMaterializer athena;
    private final Clock clock;

    AthenaSnapshotBuilder(AthenaMaterializer materializer, Clock clock) {
        super(materializer);
        this.athena = materializer;
        this.clock = clock;
    }

    /** The first run: an Iceberg table of current versions, built and swapped in like a table model. */
    @Override
    protected BuildResult create(BuildRequest req, SnapshotSql sql) {
        AthenaSession s = AthenaMaterializer.athena(req.session());
        TableConfig cfg = TableConfig.of(req.node()).withFormat(TableFormat.ICEBERG);
        long rows = Math.max(0, athena.build(s, req.relation(), cfg, sql.create(req.sql())));
        return new BuildResult(rows, "SNAPSHOT " + rows + " new, 0 changed, 0 deleted");
    }

    /** Later runs: refused on a Hive table (it cannot take the {@code MERGE}), otherwise the SPI's. */
    @Override
    protected BuildResult update(BuildRequest req, SnapshotSql sql, RelationInfo table, List<String> sourceColumns) {
        AthenaSession s = AthenaMaterializer.athena(req.session());
        boolean iceberg = s.catalog().table(req.relation()).map(t -> t.format() == TableFormat.ICEBERG).orElse(false);
        if (!iceberg) {
            SnapshotConfig cfg = sql.config();
            throw new KilnException(ErrorCode.EXECUTION_FAILED, cfg.snapshot() + ": " + req.relation().displayName()
                    + " is not an Iceberg table; snapshots on Athena are Iceberg tables (they need MERGE). Drop the table to "
                    + "start the history over.");
        }
        return super.update(req, sql, table, sourceColumns);
    }

    /** The machine's time (UTC), read once per run: no query is spent on it. */
    @Override
    protected String snapshotTime(Session s) {
        return TIME.format(LocalDateTime.now(clock));
    }
}
