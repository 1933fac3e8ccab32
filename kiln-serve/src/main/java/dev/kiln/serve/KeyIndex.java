package dev.kiln.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * One-row answers of an endpoint keyed by a whole-number unique column, held in the JVM for one
 * replica version: the keys sorted, and the rows' values in columns (numbers in primitive
 * arrays, repeated text as codes into a dictionary). A lookup is a binary search and renders
 * that one row's JSON (a few microseconds); the database is not asked at all.
 * <p>
 * Building it reads the table once, in the order of the key. What keeps that cheap (a new build
 * is served only once its index is ready): whole numbers, doubles, booleans and decimals of up
 * to 18 digits are read as primitives (a decimal as its unscaled {@code BIGINT}, computed by
 * DuckDB), and text with few distinct values as a dictionary code joined on by DuckDB, so no
 * Java object is made per cell. Other types (dates, timestamps, lists, structs, wide decimals,
 * text with many distinct values) are read as objects, as the database path reads them. Either
 * way a row renders exactly as the database path writes it ({@link Json#value}).
 */
final class KeyIndex {

    /** Text columns with at most this share of distinct values (and this many at most) become dictionaries. */
    private static final int DICTIONARY_SHARE = 4;
    private static final int DICTIONARY_MAX = 1 << 20;

    private final long version;
    private final long[] keys;
    private final SerializedString[] names;
    private final Column[] columns;

    private KeyIndex(long version, long[] keys, SerializedString[] names, Column[] columns) {
        this.version = version;
        this.keys = keys;
        this.names = names;
        this.columns = columns;
    }

    long version() {
        return version;
    }

    /** The row's JSON, or {@code null} when there is no row with that key. */
    byte[] get(long key) {
        int i = Arrays.binarySearch(keys, key);
        return i < 0 ? null : render(i);
    }

    private byte[] render(int row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            for (int c = 0; c < columns.length; c++) {
                g.writeFieldName(names[c]);
                columns[c].write(g, row);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Prepares a statement on the connection the index is read through. */
    interface Statements {
        PreparedStatement prepare(String sql) throws SQLException;
    }

    /**
     * Reads {@code columns} of every row of {@code table} (of replica version {@code version}),
     * ordered by {@code key}; {@code null} when the key repeats.
     */
    static KeyIndex build(long version, Statements statements, ReplicaTable table, String key, List<String> columns)
            throws SQLException {
        int n = (int) Math.min(Integer.MAX_VALUE - 8, table.rows());
        List<Reader> readers = new ArrayList<>();
        StringBuilder select = new StringBuilder("select ");
        StringBuilder joins = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            ReplicaColumn c = table.column(columns.get(i)).orElseThrow();
            String q = "t." + EndpointHandler.quote(c.name());
            Reader r = reader(c, n, statements, table);
            readers.add(r);
            if (r instanceof Dictionary d) {
                String alias = "d" + i;
                joins.append(" left join (select v, (row_number() over (order by v) - 1)::integer as code from (select distinct ")
                        .append(EndpointHandler.quote(c.name())).append(" as v from ").append(table.sqlName()).append(" where ")
                        .append(EndpointHandler.quote(c.name())).append(" is not null)) ").append(alias).append(" on ")
                        .append(q).append(" = ").append(alias).append(".v");
                select.append(alias).append(".code");
            } else if (r instanceof Decimals d) {
                select.append("(").append(q).append(" * ").append(BigDecimal.ONE.scaleByPowerOfTen(d.scale).toPlainString())
                        .append(")::bigint");
            } else {
                select.append(q);
            }
            select.append(", ");
        }
        String k = "t." + EndpointHandler.quote(key);
        select.append(k).append(" from ").append(table.sqlName()).append(" t").append(joins).append(" where ").append(k)
                .append(" is not null order by ").append(k);
        long[] keys = new long[n];
        int count = 0;
        try (ResultSet rs = statements.prepare(select.toString()).executeQuery()) {
            while (rs.next() && count < n) {
                for (int i = 0; i < readers.size(); i++) {
                    readers.get(i).read(rs, i + 1, count);
                }
                keys[count] = rs.getLong(readers.size() + 1);
                if (count > 0 && keys[count] == keys[count - 1]) {
                    return null;
                }
                count++;
            }
        }
        SerializedString[] names = columns.stream().map(SerializedString::new).toArray(SerializedString[]::new);
        Column[] built = new Column[readers.size()];
        for (int i = 0; i < built.length; i++) {
            if (readers.get(i) instanceof Dictionary d) {
                d.values(statements, table, table.column(columns.get(i)).orElseThrow().name());
            }
            built[i] = readers.get(i).done(count);
        }
        return new KeyIndex(version, Arrays.copyOf(keys, count), names, built);
    }

    /** How a column of this type is read: as primitives where its JSON can be rendered from them exactly. */
    private static Reader reader(ReplicaColumn c, int n, Statements statements, ReplicaTable table) throws SQLException {
        String t = c.type().trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT", "INT1", "INT2", "INT4" -> new Ints(n);
            case "BIGINT", "UINTEGER", "INT8" -> new Longs(n);
            case "DOUBLE", "FLOAT8" -> new Doubles(n);
            case "BOOLEAN", "BOOL" -> new Bools();
            case "VARCHAR", "TEXT", "STRING" -> fewDistinct(c, statements, table) ? new Dictionary(n) : new Objects(n);
            default -> {
                int scale = decimalScale(t);
                yield scale >= 0 ? new Decimals(n, scale) : new Objects(n);
            }
        };
    }

    /** The scale of a {@code DECIMAL(p,s)} DuckDB stores in 64 bits ({@code p ≤ 18}), or -1. */
    private static int decimalScale(String type) {
        if (!type.startsWith("DECIMAL(") || !type.endsWith(")")) {
            return -1;
        }
        String[] ps = type.substring(8, type.length() - 1).split(",");
        try {
            int p = Integer.parseInt(ps[0].trim());
            int s = ps.length > 1 ? Integer.parseInt(ps[1].trim()) : 0;
            return p <= 18 ? s : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean fewDistinct(ReplicaColumn c, Statements statements, ReplicaTable table) throws SQLException {
        if (table.rows() < 64) {
            return false;
        }
        try (ResultSet rs = statements.prepare("select approx_count_distinct(" + EndpointHandler.quote(c.name()) + ") from "
                + table.sqlName()).executeQuery()) {
            long distinct = rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
            return distinct <= Math.min(DICTIONARY_MAX, table.rows() / DICTIONARY_SHARE);
        }
    }

    /** One column's values, by row number. */
    private interface Column {
        void write(JsonGenerator g, int row) throws IOException;
    }

    /** Reads one column of the index query into its arrays. */
    private abstract static class Reader {
        BitSet nulls;

        abstract void read(ResultSet rs, int column, int row) throws SQLException;

        abstract Column done(int rows);

        final void nullAt(int row) {
            if (nulls == null) {
                nulls = new BitSet();
            }
            nulls.set(row);
        }

        final boolean isNull(int row) {
            return nulls != null && nulls.get(row);
        }
    }

    private static final class Ints extends Reader implements Column {
        private int[] values;

        Ints(int n) {
            values = new int[n];
        }

        @Override
        void read(ResultSet rs, int column, int row) throws SQLException {
            values[row] = rs.getInt(column);
            if (rs.wasNull()) {
                nullAt(row);
            }
        }

        @Override
        Column done(int rows) {
            values = Arrays.copyOf(values, rows);
            return this;
        }

        @Override
        public void write(JsonGenerator g, int row) throws IOException {
            if (isNull(row)) {
                g.writeNull();
            } else {
                g.writeNumber((long) values[row]);
            }
        }
    }

    private static final class Longs extends Reader implements Column {
        private long[] values;

        Longs(int n) {
            values = new long[n];
        }

        @Override
        void read(ResultSet rs, int column, int row) throws SQLException {
            values[row] = rs.getLong(column);
            if (rs.wasNull()) {
                nullAt(row);
            }
        }

        @Override
        Column done(int rows) {
            values = Arrays.copyOf(values, rows);
            return this;
        }

        @Override
        public void write(JsonGenerator g, int row) throws IOException {
            if (isNull(row)) {
                g.writeNull();
            } else {
                g.writeNumber(values[row]);
            }
        }
    }

    /** A {@code DECIMAL(p ≤ 18, s)}: its unscaled values. */
    private static final class Decimals extends Reader implements Column {
        private final int scale;
        private long[] unscaled;

        Decimals(int n, int scale) {
            this.scale = scale;
            unscaled = new long[n];
        }

        @Override
        void read(ResultSet rs, int column, int row) throws SQLException {
            unscaled[row] = rs.getLong(column);
            if (rs.wasNull()) {
                nullAt(row);
            }
        }

        @Override
        Column done(int rows) {
            unscaled = Arrays.copyOf(unscaled, rows);
            return this;
        }

        @Override
        public void write(JsonGenerator g, int row) throws IOException {
            if (isNull(row)) {
                g.writeNull();
            } else {
                Json.value(g, BigDecimal.valueOf(unscaled[row], scale));
            }
        }
    }

    private static final class Doubles extends Reader implements Column {
        private double[] values;

        Doubles(int n) {
            values = new double[n];
        }

        @Override
        void read(ResultSet rs, int column, int row) throws SQLException {
            values[row] = rs.getDouble(column);
            if (rs.wasNull()) {
                nullAt(row);
            }
        }

        @Override
        Column done(int rows) {
            values = Arrays.copyOf(values, rows);
            return this;
        }

        @Override
        public void write(JsonGenerator g, int row) throws IOException {
            Json.value(g, isNull(row) ? null : values[row]);
        }
    }

    private static final class Bools extends Reader implements Column {
        private final BitSet values = new BitSet();

        @Override
        void read(ResultSet rs, int column, int row) throws SQLException {
            if (rs.getBoolean(column)) {
                values.set(row);
            }
            if (rs.wasNull()) {
                nullAt(row);
            }
        }

        @Override
        Column done(int rows) {
            return this;
        }

        @Override
        public void write(JsonGenerator g, int row) throws IOException {
            if (isNull(row)) {
                g.writeNull();
            } else {
                g.writeBoolean(values.get(row));
            }
        }
    }

    /** Text with few distinct values: a code per row (DuckDB's rank of the value), the values once. */
    private static final class Dictionary extends Reader implements Column {
        private int[] codes;
        private String[] values;

        Dictionary(int n) {
            codes = new int[n];
        }

        @Override
        void read(ResultSet rs, int column, int row) throws SQLException {
            int code = rs.getInt(column);
            codes[row] = rs.wasNull() ? -1 : code;
        }

        @Override
        Column done(int rows) {
            codes = Arrays.copyOf(codes, rows);
            return this;
        }

        /** Reads the dictionary (after the rows, through the same statements). */
        void values(Statements statements, ReplicaTable table, String column) throws SQLException {
            String q = EndpointHandler.quote(column);
            List<String> seen = new ArrayList<>();
            try (ResultSet rs = statements.prepare("select distinct " + q + " as v from " + table.sqlName() + " where " + q
                    + " is not null order by v").executeQuery()) {
                while (rs.next()) {
                    seen.add(rs.getString(1));
                }
            }
            values = seen.toArray(String[]::new); // written as Strings: Jackson escapes them as the database path does
        }

        @Override
        public void write(JsonGenerator g, int row) throws IOException {
            int code = codes[row];
            if (code < 0) {
                g.writeNull();
            } else {
                g.writeString(values[code]);
            }
        }
    }

    /** Anything else, read as the database path reads it. */
    private static final class Objects extends Reader implements Column {
        private Object[] values;

        Objects(int n) {
            values = new Object[n];
        }

        @Override
        void read(ResultSet rs, int column, int row) throws SQLException {
            values[row] = rs.getObject(column);
        }

        @Override
        Column done(int rows) {
            values = Arrays.copyOf(values, rows);
            return this;
        }

        @Override
        public void write(JsonGenerator g, int row) throws IOException {
            Json.value(g, values[row]);
        }
    }
}
