package dev.kiln.ingest;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.LoadSink;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.StageWriter;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns records into staged rows. A nested record is flattened ({@code ctx: {geo: {country}}}
 * becomes column {@code ctx__geo__country}); an array becomes a child table
 * {@code <table>__<field>} whose rows carry {@code _kiln_parent_id} (the parent row's
 * {@code _kiln_id}) and {@code _kiln_root_id}; an array of scalars gives child rows with one
 * column {@code value}. Every row carries {@code _kiln_load_id}. Column names are lower-cased, with
 * characters other than letters, digits and {@code _} replaced by {@code _}.
 *
 * <p>Types are inferred from the values (ISO dates and timestamps included). A new column is
 * added (earlier rows hold null). A value whose type does not fit its column follows
 * {@code schema_contract}: {@code evolve} (the default) widens the column where that is safe
 * (integer to decimal or double, date to timestamp, else text); {@code freeze} fails naming
 * table, column, old and new type; {@code discard_row} drops the record and counts it. On a
 * table that exists already, {@code freeze} also refuses new columns and {@code discard_row}
 * drops records that bring them.
 */
final class Normalizer {

    static final String LOAD_ID = "_kiln_load_id";
    static final String ID = "_kiln_id";
    static final String PARENT_ID = "_kiln_parent_id";
    static final String ROOT_ID = "_kiln_root_id";

    private final LoadSink sink;
    private final String contract;
    private final String loadId;
    private final String table;
    private final Map<String, Shape> shapes = new HashMap<>();
    private long records;
    private long discarded;

    /**
     * @param sink     where rows go
     * @param contract {@code evolve}, {@code freeze} or {@code discard_row}
     * @param loadId   the load's id
     * @param table    the table's name for messages ({@code marketing.campaign_events})
     */
    Normalizer(LoadSink sink, String contract, String loadId, String table) {
        this.sink = sink;
        this.contract = contract == null ? "evolve" : contract;
        this.loadId = loadId;
        this.table = table;
        this.checksContract = !"evolve".equals(this.contract);
    }

    /** Whether records are checked against the existing tables first ({@code freeze}, {@code discard_row}). */
    private final boolean checksContract;

    /** Records staged so far (root rows). */
    long records() {
        return records;
    }

    /** Records dropped by {@code discard_row}. */
    long discarded() {
        return discarded;
    }

    /** Stages one nested record; returns false when {@code discard_row} dropped it. */
    boolean add(Map<String, Object> record) {
        return add(mapFlattener.flatten(record));
    }

    /** Flattens maps for {@link #add(Map)} (JSON lines are flattened from tokens by their reader). */
    private final Flattener mapFlattener = new Flattener(null);

    /**
     * Stages one flattened record (its rows as a {@link Flattener} made them, root first); returns
     * false when {@code discard_row} dropped it.
     */
    boolean add(List<FlatRow> rows) {
        String id = loadId + "." + records;
        for (int r = 0; r < rows.size(); r++) {
            FlatRow row = rows.get(r);
            fillIn(row, r == 0 ? null : rows.get(row.parent), id);
        }
        if (checksContract) {
            for (FlatRow r : rows) {
                if (!shape(r.table).fits(r)) {
                    discarded++;
                    return false;
                }
            }
        }
        for (FlatRow r : rows) {
            shape(r.table).write(r);
        }
        records++;
        return true;
    }

    /** Fills in the bookkeeping columns a record did not set itself. */
    private void fillIn(FlatRow row, FlatRow parent, String rootId) {
        String parentId = parent == null ? null : String.valueOf(parent.valueOfSlot(1));
        for (int k = 0; k < row.size(); k++) {
            if (row.value(k) != FlatRow.AUTO) {
                continue;
            }
            row.set(k, switch (row.slot(k)) {
                case 0 -> loadId;
                case 1 -> parent == null ? rootId : parentId + "." + row.arrayName + "." + row.item;
                case 2 -> parentId;
                default -> rootId;
            });
        }
    }

    /** A column name as it lands: lower case, {@code [a-z0-9_]} only. */
    static String column(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = Character.toLowerCase(key.charAt(i));
            sb.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' ? c : '_');
        }
        return sb.length() == 0 ? "_" : sb.toString();
    }

    private Shape shape(String name) {
        return shapes.computeIfAbsent(name, Shape::new);
    }

    /** The columns of one table: what the target has, what is staged. */
    private final class Shape {
        private final String name;
        private final Map<String, LoadType> existing;
        private final Map<String, Integer> index = new HashMap<>();
        private final List<LoadType> types = new ArrayList<>();
        /** The staged column of each of the flattener's slots of this table ({@code -1}: not yet). */
        private int[] indexOfSlot = new int[0];
        private Object[] converted = new Object[16];
        private int[] columnOf = new int[16];
        private StageWriter writer;

        Shape(String name) {
            this.name = name;
            this.existing = sink.columns(name);
        }

        private String tableName() {
            return table + (name.isEmpty() ? "" : "__" + name);
        }

        /** Whether the row fits the contract (false: discard it); throws under freeze. */
        boolean fits(FlatRow row) {
            if (existing.isEmpty()) {
                return true;
            }
            for (int k = 0; k < row.size(); k++) {
                Object v = row.value(k);
                if (v == null) {
                    continue;
                }
                String column = row.name(k);
                LoadType have = existing.get(column);
                LoadType need = Values.typeOf(v);
                if (have == null || !have.holds(need)) {
                    if ("freeze".equals(contract)) {
                        throw new KilnException(ErrorCode.EXECUTION_FAILED, have == null
                                ? "schema_contract freeze: table " + tableName() + " has no column '" + column
                                + "' (new type " + need + "); the record was not loaded. Add the column, or set"
                                + " 'schema_contract: evolve'."
                                : "schema_contract freeze: column '" + column + "' of table " + tableName()
                                + " is " + have + " but a record holds " + need + " (" + abbreviate(v) + ")."
                                + " Fix the source, or set 'schema_contract: evolve'.");
                    }
                    return false;
                }
            }
            return true;
        }

        void write(FlatRow r) {
            if (writer == null) {
                writer = sink.stage(name);
            }
            int n = r.size();
            if (converted.length < n) {
                converted = new Object[Math.max(n, converted.length * 2)];
                columnOf = new int[converted.length];
            }
            for (int k = 0; k < n; k++) {
                Object v = r.value(k);
                columnOf[k] = -1;
                if (v == null) {
                    continue;
                }
                Object typed = v;
                LoadType need;
                if (v instanceof String s) {
                    typed = Values.temporal(s);
                    need = typed instanceof LocalDateTime ? LoadType.TIMESTAMP : typed instanceof LocalDate ? LoadType.DATE
                            : LoadType.VARCHAR;
                } else {
                    need = Values.typeOf(v);
                }
                int slot = r.slot(k);
                int i = slot < indexOfSlot.length ? indexOfSlot[slot] : -1;
                if (i < 0) {
                    String column = r.name(k);
                    Integer known = index.get(column);
                    if (known == null) {
                        LoadType have = existing.get(column);
                        LoadType type = have == null ? need : have.widen(need);
                        writer.addColumn(column, type);
                        known = types.size();
                        index.put(column, known);
                        types.add(type);
                    }
                    i = known;
                    if (slot >= indexOfSlot.length) {
                        int old = indexOfSlot.length;
                        indexOfSlot = java.util.Arrays.copyOf(indexOfSlot, Math.max(slot + 1, old * 2));
                        java.util.Arrays.fill(indexOfSlot, old, indexOfSlot.length, -1);
                    }
                    indexOfSlot[slot] = i;
                }
                LoadType type = types.get(i);
                if (type != need && !type.holds(need)) {
                    type = type.widen(need);
                    writer.widenColumn(r.name(k), type);
                    types.set(i, type);
                }
                columnOf[k] = i;
                converted[k] = type.kind() == LoadType.Kind.VARCHAR ? (v instanceof String ? v : v.toString())
                        : typed != v && (type.kind() == LoadType.Kind.TIMESTAMP || type.kind() == LoadType.Kind.DATE)
                        ? (type.kind() == LoadType.Kind.TIMESTAMP && typed instanceof LocalDate d ? d.atStartOfDay() : typed)
                        : Values.convert(v, type);
            }
            Object[] row = new Object[types.size()];
            for (int k = 0; k < n; k++) {
                if (columnOf[k] >= 0) {
                    row[columnOf[k]] = converted[k];
                }
            }
            writer.append(row);
        }
    }

    static String abbreviate(Object v) {
        String s = String.valueOf(v);
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
