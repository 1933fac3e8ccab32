package dev.kiln.hubspot;

import dev.kiln.Relation;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationKind;
import dev.kiln.spi.Session;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The sync state of one exposure, a table in the target database ({@code <state schema>.
 * kiln_hubspot__<exposure>}): one row per record HubSpot accepted, with the hash of the values
 * it accepted. Rows are only ever appended (portable to every warehouse, Athena's Hive tables
 * included), after each acknowledged batch; the latest row of a key wins, and {@link #compact}
 * drops the older ones. Only portable SQL, spelled by the target's {@link Dialect}.
 */
final class SyncState {

    static final String KEY = "record_key";
    static final String HASH = "record_hash";
    static final String SYNCED = "synced_at_ms";

    private final Session session;
    private final Dialect dialect;
    private final Relation table;
    private final Relation compacted;

    SyncState(Session session, Dialect dialect, String schema, String exposure) {
        this.session = session;
        this.dialect = dialect;
        String id = "kiln_hubspot__" + exposure.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        this.table = Relation.of(schema, id);
        this.compacted = Relation.of(schema, id + "__compacted");
    }

    /** The state table. */
    Relation table() {
        return table;
    }

    /** Whether the state table exists (it does not before the first real sync). */
    boolean exists() {
        return session.describe(table).isPresent();
    }

    /**
     * Creates the schema and the state table if needed, and finishes a compaction a crash
     * interrupted: once the old table has been dropped, the compacted copy is complete.
     */
    void ensure() {
        session.ensureSchema(table.schema());
        boolean hasTable = exists();
        boolean hasCompacted = session.describe(compacted).isPresent();
        if (!hasTable && hasCompacted) {
            session.execute(dialect.createTableAs(table, "select * from " + dialect.render(compacted)));
            hasTable = true;
        }
        if (hasCompacted) {
            session.execute(dialect.dropRelationIfExists(compacted, RelationKind.TABLE));
        }
        if (!hasTable) {
            session.execute(dialect.createTableAs(table, empty()));
        }
    }

    /** A query with the state's columns and no rows. */
    private String empty() {
        String text = dialect.typeString();
        return "select cast(null as " + text + ") as " + dialect.quoteIdentifier(KEY) + ", cast(null as " + text + ") as "
                + dialect.quoteIdentifier(HASH) + ", cast(null as bigint) as " + dialect.quoteIdentifier(SYNCED) + " where 1 = 0";
    }

    /** A query of the latest hash per key ({@code record_key}, {@code record_hash}); no rows before the first sync. */
    String latestSql() {
        if (!exists()) {
            String text = dialect.typeString();
            return "select cast(null as " + text + ") as " + dialect.quoteIdentifier(KEY) + ", cast(null as " + text + ") as "
                    + dialect.quoteIdentifier(HASH) + " where 1 = 0";
        }
        String k = dialect.quoteIdentifier(KEY);
        String h = dialect.quoteIdentifier(HASH);
        return "select " + k + ", " + h + " from (select " + k + ", " + h + ", row_number() over (partition by " + k
                + " order by " + dialect.quoteIdentifier(SYNCED) + " desc) as kiln_rn from " + dialect.render(table)
                + ") kiln_latest where kiln_rn = 1";
    }

    /** Records that HubSpot accepted {@code accepted} (one insert statement). */
    void acknowledge(List<Change> accepted, long nowMillis) {
        if (accepted.isEmpty()) {
            return;
        }
        StringJoiner rows = new StringJoiner(",\n");
        for (Change c : accepted) {
            rows.add("(" + dialect.quoteString(c.key()) + ", " + dialect.quoteString(c.hash()) + ", " + nowMillis + ")");
        }
        session.execute("insert into " + dialect.render(table) + " (" + dialect.quoteIdentifier(KEY) + ", "
                + dialect.quoteIdentifier(HASH) + ", " + dialect.quoteIdentifier(SYNCED) + ") values\n" + rows);
    }

    /**
     * Keeps only the latest row per key, when older rows make up more than a fifth of the table:
     * the latest rows are copied to a new table, the old one is dropped and created again from
     * the copy, and the copy dropped. Only {@code create table … as} and {@code drop} (Athena
     * cannot rename Hive tables); {@link #ensure} finishes this after a crash.
     */
    void compact() {
        QueryResult counts = session.query("select count(*), count(distinct " + dialect.quoteIdentifier(KEY) + ") from "
                + dialect.render(table), 1);
        long rows = ((Number) counts.rows().get(0).get(0)).longValue();
        long keys = ((Number) counts.rows().get(0).get(1)).longValue();
        if (rows - keys <= rows / 5) {
            return;
        }
        String k = dialect.quoteIdentifier(KEY);
        String h = dialect.quoteIdentifier(HASH);
        String s = dialect.quoteIdentifier(SYNCED);
        session.execute(dialect.dropRelationIfExists(compacted, RelationKind.TABLE));
        session.execute(dialect.createTableAs(compacted, "select " + k + ", " + h + ", " + s + " from (select " + k + ", " + h + ", " + s
                + ", row_number() over (partition by " + k + " order by " + s + " desc) as kiln_rn from " + dialect.render(table)
                + ") kiln_latest where kiln_rn = 1"));
        session.execute(dialect.dropRelation(table, RelationKind.TABLE));
        session.execute(dialect.createTableAs(table, "select * from " + dialect.render(compacted)));
        session.execute(dialect.dropRelation(compacted, RelationKind.TABLE));
    }
}
