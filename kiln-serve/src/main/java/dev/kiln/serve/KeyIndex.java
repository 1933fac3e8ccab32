package dev.kiln.serve;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * One-row answers of an endpoint keyed by a whole-number unique column, held in the JVM for one
 * replica version: the keys sorted, and each row's JSON rendered once when the index is built.
 * A lookup is a binary search; the database is not asked at all.
 */
final class KeyIndex {

    private final long version;
    private final long[] keys;
    private final byte[][] rows;

    private KeyIndex(long version, long[] keys, byte[][] rows) {
        this.version = version;
        this.keys = keys;
        this.rows = rows;
    }

    long version() {
        return version;
    }

    /** The row's JSON, or {@code null} when there is no row with that key. */
    byte[] get(long key) {
        int i = Arrays.binarySearch(keys, key);
        return i < 0 ? null : rows[i];
    }

    /** Prepares a statement on the connection the index is read through. */
    interface Statements {
        PreparedStatement prepare(String sql) throws SQLException;
    }

    /**
     * Reads {@code columns} of every row of {@code table} (of replica version {@code version}),
     * ordered by {@code key}, rendering each as JSON; {@code null} when the key repeats.
     */
    static KeyIndex build(long version, Statements statements, ReplicaTable table, String key, List<String> columns)
            throws SQLException {
        int n = (int) Math.min(Integer.MAX_VALUE - 8, table.rows());
        long[] keys = new long[n];
        byte[][] rows = new byte[n][];
        StringBuilder sql = new StringBuilder("select ");
        for (String c : columns) {
            sql.append(EndpointHandler.quote(c)).append(", ");
        }
        sql.append(EndpointHandler.quote(key)).append(" from ").append(table.sqlName()).append(" where ")
                .append(EndpointHandler.quote(key)).append(" is not null order by ").append(EndpointHandler.quote(key));
        PreparedStatement ps = statements.prepare(sql.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        int count = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next() && count < n) {
                out.reset();
                try (JsonGenerator g = Json.generator(out)) {
                    g.writeStartObject();
                    for (int i = 0; i < columns.size(); i++) {
                        g.writeFieldName(columns.get(i));
                        Json.value(g, rs.getObject(i + 1));
                    }
                    g.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                keys[count] = rs.getLong(columns.size() + 1);
                rows[count] = out.toByteArray();
                if (count > 0 && keys[count] == keys[count - 1]) {
                    return null;
                }
                count++;
            }
        }
        return new KeyIndex(version, Arrays.copyOf(keys, count), Arrays.copyOf(rows, count));
    }
}
