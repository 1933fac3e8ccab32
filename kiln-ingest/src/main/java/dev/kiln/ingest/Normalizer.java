package dev.kiln.ingest;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.LoadSink;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.StageWriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    }

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
        List<TableRow> rows = new ArrayList<>(1);
        String id = loadId + "." + records;
        TableRow root = new TableRow("", new LinkedHashMap<>());
        root.values.put(LOAD_ID, loadId);
        root.values.put(ID, id);
        rows.add(root);
        flatten(record, "", root, id, rows);
        for (TableRow r : rows) {
            if (!shape(r.table).fits(r.values)) {
                discarded++;
                return false;
            }
        }
        for (TableRow r : rows) {
            shape(r.table).write(r.values);
        }
        records++;
        return true;
    }

    /** Column names by prefix and key, computed once: keys repeat in every record. */
    private final Map<String, Map<String, String>> names = new HashMap<>();

    private String name(String prefix, String key) {
        Map<String, String> byKey = names.computeIfAbsent(prefix, k -> new HashMap<>());
        String name = byKey.get(key);
        if (name == null) {
            name = prefix + column(key);
            if (byKey.size() < 10_000) {
                byKey.put(key, name);
            }
        }
        return name;
    }

    private void flatten(Map<String, Object> record, String prefix, TableRow row, String rootId, List<TableRow> rows) {
        for (Map.Entry<String, Object> e : record.entrySet()) {
            String name = name(prefix, e.getKey());
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) m;
                flatten(nested, name + "__", row, rootId, rows);
            } else if (v instanceof List<?> list) {
                String childTable = row.table.isEmpty() ? name : row.table + "__" + name;
                String parentId = (String) row.values.get(ID);
                int i = 0;
                for (Object item : list) {
                    TableRow child = new TableRow(childTable, new LinkedHashMap<>());
                    child.values.put(LOAD_ID, loadId);
                    child.values.put(ID, parentId + "." + name + "." + i++);
                    child.values.put(PARENT_ID, parentId);
                    child.values.put(ROOT_ID, rootId);
                    rows.add(child);
                    if (item instanceof Map<?, ?> im) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> nested = (Map<String, Object>) im;
                        flatten(nested, "", child, rootId, rows);
                    } else {
                        child.values.put("value", item instanceof List<?> ? String.valueOf(item) : item);
                    }
                }
            } else {
                row.values.put(name, v);
            }
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

    private record TableRow(String table, Map<String, Object> values) {
    }

    /** The columns of one table: what the target has, what is staged. */
    private final class Shape {
        private final String name;
        private final Map<String, LoadType> existing;
        private final Map<String, Integer> index = new HashMap<>();
        private final List<LoadType> types = new ArrayList<>();
        private StageWriter writer;

        Shape(String name) {
            this.name = name;
            this.existing = sink.columns(name);
        }

        private String tableName() {
            return table + (name.isEmpty() ? "" : "__" + name);
        }

        /** Whether the row fits the contract (false: discard it); throws under freeze. */
        boolean fits(Map<String, Object> values) {
            if ("evolve".equals(contract) || existing.isEmpty()) {
                return true;
            }
            for (Map.Entry<String, Object> e : values.entrySet()) {
                Object v = e.getValue();
                if (v == null) {
                    continue;
                }
                LoadType have = existing.get(e.getKey());
                LoadType need = Values.typeOf(v);
                if (have == null || !have.holds(need)) {
                    if ("freeze".equals(contract)) {
                        throw new KilnException(ErrorCode.EXECUTION_FAILED, have == null
                                ? "schema_contract freeze: table " + tableName() + " has no column '" + e.getKey()
                                + "' (new type " + need + "); the record was not loaded. Add the column, or set"
                                + " 'schema_contract: evolve'."
                                : "schema_contract freeze: column '" + e.getKey() + "' of table " + tableName()
                                + " is " + have + " but a record holds " + need + " (" + abbreviate(v) + ")."
                                + " Fix the source, or set 'schema_contract: evolve'.");
                    }
                    return false;
                }
            }
            return true;
        }

        void write(Map<String, Object> values) {
            if (writer == null) {
                writer = sink.stage(name);
            }
            for (Map.Entry<String, Object> e : values.entrySet()) {
                Object v = e.getValue();
                if (v == null) {
                    continue;
                }
                Integer i = index.get(e.getKey());
                LoadType need = Values.typeOf(v);
                if (i == null) {
                    LoadType have = existing.get(e.getKey());
                    LoadType type = have == null ? need : have.widen(need);
                    writer.addColumn(e.getKey(), type);
                    index.put(e.getKey(), types.size());
                    types.add(type);
                } else if (!types.get(i).holds(need)) {
                    LoadType wider = types.get(i).widen(need);
                    writer.widenColumn(e.getKey(), wider);
                    types.set(i, wider);
                }
            }
            Object[] row = new Object[types.size()];
            for (Map.Entry<String, Object> e : values.entrySet()) {
                Integer i = index.get(e.getKey());
                if (i != null) {
                    row[i] = Values.convert(e.getValue(), types.get(i));
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
