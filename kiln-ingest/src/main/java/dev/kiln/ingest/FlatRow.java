package dev.kiln.ingest;

import java.util.Arrays;

/**
 * One flattened row of a record, before it is typed and staged: the values by column slot (a
 * number the {@link Flattener} gives each column name of a table, in the order names are first
 * seen) and the order in which the record first named each column. A key given twice keeps its
 * first position and its last value, as a map would.
 */
final class FlatRow {

    /** Marks a present JSON {@code null} (absent slots hold Java {@code null}). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    /** Marks a bookkeeping column ({@code _kiln_id}, …) whose value the {@link Normalizer} fills in. */
    static final Object AUTO = new Object() {
        @Override
        public String toString() {
            return "auto";
        }
    };

    /** The child table's name below the root table ({@code ""} for the root row). */
    final String table;
    /** The index of the parent row in the record ({@code -1} for the root row). */
    final int parent;
    /** The (flattened) name of the array field this row is an item of, for its id. */
    final String arrayName;
    /** The item's index in that array. */
    final int item;
    private Object[] bySlot;
    private int[] order;
    private String[] names;
    private int size;

    FlatRow(String table, int parent, String arrayName, int item, int slots) {
        this.table = table;
        this.parent = parent;
        this.arrayName = arrayName;
        this.item = item;
        this.bySlot = new Object[Math.max(4, slots)];
        this.order = new int[Math.max(4, Math.min(slots, 64))];
        this.names = new String[order.length];
    }

    /** Sets a column's value ({@code null} for JSON null). */
    void put(int slot, String name, Object value) {
        if (slot >= bySlot.length) {
            bySlot = Arrays.copyOf(bySlot, Math.max(slot + 1, bySlot.length * 2));
        }
        Object stored = value == null ? NULL : value;
        if (bySlot[slot] == null) {
            if (size == order.length) {
                order = Arrays.copyOf(order, size * 2);
                names = Arrays.copyOf(names, size * 2);
            }
            order[size] = slot;
            names[size++] = name;
        }
        bySlot[slot] = stored;
    }

    /** How many columns the row names. */
    int size() {
        return size;
    }

    /** The slot of the {@code k}-th column named. */
    int slot(int k) {
        return order[k];
    }

    /** The name of the {@code k}-th column named. */
    String name(int k) {
        return names[k];
    }

    /** The value of the {@code k}-th column named ({@code null} for JSON null; {@link #AUTO} to fill in). */
    Object value(int k) {
        Object v = bySlot[order[k]];
        return v == NULL ? null : v;
    }

    /** Replaces the value of the {@code k}-th column named. */
    void set(int k, Object value) {
        bySlot[order[k]] = value == null ? NULL : value;
    }

    /** The value of a slot ({@code null} when absent or JSON null). */
    Object valueOfSlot(int slot) {
        Object v = slot < bySlot.length ? bySlot[slot] : null;
        return v == NULL ? null : v;
    }
}
