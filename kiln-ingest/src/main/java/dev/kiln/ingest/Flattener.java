package dev.kiln.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens records into {@link FlatRow}s, either from Jackson's token stream (JSON lines: no
 * map is built) or from a parsed map (HTTP pages). A nested object's keys become columns
 * {@code a__b}; an array becomes rows of the child table {@code <table>__<field>}. Column names
 * and their slots are computed once per key and nesting level, since keys repeat in every
 * record. Not thread-safe: one thread flattens.
 */
final class Flattener {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys cached per nesting level at most (records with data in their keys would grow it without end). */
    private static final int MAX_CACHED = 10_000;

    private final Map<String, Slots> tables = new HashMap<>();
    private final Level root;
    private final String cursorKey;
    private Object cursorValue;

    /** @param cursorKey the top-level key whose value {@link #cursorValue()} returns, or {@code null} */
    Flattener(String cursorKey) {
        this.cursorKey = cursorKey;
        this.root = new Level(slots(""), "");
    }

    /** The cursor key's value in the last record flattened ({@code null} when absent). */
    Object cursorValue() {
        return cursorValue;
    }

    /** Flattens the object the parser stands at ({@link JsonToken#START_OBJECT}). */
    List<FlatRow> flatten(JsonParser p) throws IOException {
        cursorValue = null;
        List<FlatRow> rows = FlatRecord.newRows();
        FlatRow row = root.slots.newRow(-1, null, 0);
        rows.add(row);
        object(p, root, row, 0, rows, true);
        return rows;
    }

    /** Flattens a parsed record (maps, lists and scalars as Jackson reads them untyped). */
    List<FlatRow> flatten(Map<String, Object> record) {
        cursorValue = cursorKey == null ? null : record.get(cursorKey);
        List<FlatRow> rows = FlatRecord.newRows();
        FlatRow row = root.slots.newRow(-1, null, 0);
        rows.add(row);
        map(record, root, row, 0, rows);
        return rows;
    }

    private void object(JsonParser p, Level level, FlatRow row, int rowIndex, List<FlatRow> rows, boolean top)
            throws IOException {
        String key;
        while ((key = p.nextFieldName()) != null) {
            Field f = level.field(key);
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                if (top && key.equals(cursorKey)) {
                    cursorValue = null;
                }
                object(p, f.nested(), row, rowIndex, rows, false);
            } else if (t == JsonToken.START_ARRAY) {
                if (top && key.equals(cursorKey)) {
                    cursorValue = null;
                }
                array(p, f, rowIndex, rows);
            } else {
                Object v = scalar(p, t);
                if (top && key.equals(cursorKey)) {
                    cursorValue = v;
                }
                row.put(f.slot(), f.name, v);
            }
        }
    }

    private void array(JsonParser p, Field f, int parentIndex, List<FlatRow> rows) throws IOException {
        Level items = f.items();
        int i = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            FlatRow child = items.slots.newRow(parentIndex, f.name, i++);
            int childIndex = rows.size();
            rows.add(child);
            if (t == JsonToken.START_OBJECT) {
                object(p, items, child, childIndex, rows, false);
            } else if (t == JsonToken.START_ARRAY) {
                child.put(items.slots.valueSlot(), "value", String.valueOf(JSON.readValue(p, Object.class)));
            } else {
                child.put(items.slots.valueSlot(), "value", scalar(p, t));
            }
        }
    }

    /** A scalar as Jackson's untyped reading gives it (Integer, Long, BigInteger, Double, String, Boolean, null). */
    private static Object scalar(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> p.getIntValue();
                case LONG -> p.getLongValue();
                default -> p.getBigIntegerValue();
            };
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> p.getEmbeddedObject();
        };
    }

    private void map(Map<String, Object> record, Level level, FlatRow row, int rowIndex, List<FlatRow> rows) {
        for (Map.Entry<String, Object> e : record.entrySet()) {
            Field f = level.field(e.getKey());
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) m;
                map(nested, f.nested(), row, rowIndex, rows);
            } else if (v instanceof List<?> list) {
                Level items = f.items();
                int i = 0;
                for (Object item : list) {
                    FlatRow child = items.slots.newRow(rowIndex, f.name, i++);
                    int childIndex = rows.size();
                    rows.add(child);
                    if (item instanceof Map<?, ?> im) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> nested = (Map<String, Object>) im;
                        map(nested, items, child, childIndex, rows);
                    } else {
                        child.put(items.slots.valueSlot(), "value", item instanceof List<?> ? String.valueOf(item) : item);
                    }
                }
            } else {
                row.put(f.slot(), f.name, v);
            }
        }
    }

    private Slots slots(String table) {
        return tables.computeIfAbsent(table, Slots::new);
    }

    /**
     * The column slots of one table, numbered as names are first seen. The bookkeeping columns
     * come first: {@code _kiln_load_id}, {@code _kiln_id}, and on child tables
     * {@code _kiln_parent_id} and {@code _kiln_root_id}.
     */
    private static final class Slots {
        private final String table;
        private final Map<String, Integer> byName = new HashMap<>();
        private final int reserved;
        private int valueSlot = -1;

        Slots(String table) {
            this.table = table;
            slot(Normalizer.LOAD_ID);
            slot(Normalizer.ID);
            if (!table.isEmpty()) {
                slot(Normalizer.PARENT_ID);
                slot(Normalizer.ROOT_ID);
            }
            reserved = byName.size();
        }

        int slot(String name) {
            Integer s = byName.get(name);
            if (s == null) {
                s = byName.size();
                byName.put(name, s);
            }
            return s;
        }

        int valueSlot() {
            if (valueSlot < 0) {
                valueSlot = slot("value");
            }
            return valueSlot;
        }

        /** A row with its bookkeeping columns present, to be filled in by the normalizer. */
        FlatRow newRow(int parent, String arrayName, int item) {
            FlatRow r = new FlatRow(table, parent, arrayName, item, byName.size());
            for (int i = 0; i < reserved; i++) {
                r.put(i, i == 0 ? Normalizer.LOAD_ID : i == 1 ? Normalizer.ID : i == 2 ? Normalizer.PARENT_ID
                        : Normalizer.ROOT_ID, FlatRow.AUTO);
            }
            return r;
        }
    }

    /** The keys of one object nesting level of one table. */
    private final class Level {
        final Slots slots;
        final String prefix;
        private final Map<String, Field> fields = new HashMap<>();

        Level(Slots slots, String prefix) {
            this.slots = slots;
            this.prefix = prefix;
        }

        Field field(String key) {
            Field f = fields.get(key);
            if (f == null) {
                f = new Field(this, prefix + Normalizer.column(key));
                if (fields.size() < MAX_CACHED) {
                    fields.put(key, f);
                }
            }
            return f;
        }
    }

    /** One key of a level: its column, and the levels below it (an object's keys, an array's items). */
    private final class Field {
        final Level owner;
        final String name;
        private int slot = -1;
        private Level nested;
        private Level items;

        Field(Level owner, String name) {
            this.owner = owner;
            this.name = name;
        }

        int slot() {
            if (slot < 0) {
                slot = owner.slots.slot(name);
            }
            return slot;
        }

        Level nested() {
            if (nested == null) {
                nested = new Level(owner.slots, name + "__");
            }
            return nested;
        }

        Level items() {
            if (items == null) {
                String table = owner.slots.table;
                items = new Level(slots(table.isEmpty() ? name : table + "__" + name), "");
            }
            return items;
        }
    }
}
