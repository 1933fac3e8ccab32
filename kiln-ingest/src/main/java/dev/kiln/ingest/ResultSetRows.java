package dev.kiln.ingest;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.LoadSink;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.StageWriter;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stages the rows of a JDBC result (a database table, or a CSV or Parquet file read through an
 * in-memory DuckDB) straight into the sink: the columns and their types come from the result's
 * metadata, so no per-value inference is needed; {@code _kiln_load_id} is added. The schema
 * contract is applied once, to the columns.
 */
final class ResultSetRows {

    private final LoadSink sink;
    private final String contract;
    private final String loadId;
    private final String table;
    private StageWriter writer;
    private Map<String, LoadType> staged;
    private final Cursor cursor;
    private long discarded;

    ResultSetRows(LoadSink sink, String contract, String loadId, String table, Cursor cursor) {
        this.sink = sink;
        this.contract = contract == null ? "evolve" : contract;
        this.loadId = loadId;
        this.table = table;
        this.cursor = cursor;
    }

    /** The type a JDBC column lands as. */
    static LoadType typeOf(ResultSetMetaData md, int col) throws SQLException {
        int t = md.getColumnType(col);
        return switch (t) {
            case Types.BOOLEAN, Types.BIT -> LoadType.BOOLEAN;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> LoadType.BIGINT;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> LoadType.DOUBLE;
            case Types.NUMERIC, Types.DECIMAL -> {
                int p = md.getPrecision(col);
                int s = md.getScale(col);
                yield p <= 0 || p > 38 || s < 0 ? LoadType.DOUBLE : LoadType.decimal(p, s);
            }
            case Types.DATE -> LoadType.DATE;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> LoadType.TIMESTAMP;
            default -> "timestamptz".equalsIgnoreCase(md.getColumnTypeName(col)) ? LoadType.TIMESTAMP : LoadType.VARCHAR;
        };
    }

    /** Stages every row of {@code rs}; returns the rows staged. */
    long stageAll(ResultSet rs, Progress progress) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> names = new ArrayList<>(n);
        LoadType[] types = new LoadType[n];
        for (int i = 0; i < n; i++) {
            names.add(Normalizer.column(md.getColumnLabel(i + 1)));
            types[i] = typeOf(md, i + 1);
        }
        prepare(names, types);
        int cursorAt = cursor == null ? -1 : names.indexOf(Normalizer.column(cursor.column()));
        if (cursor != null && cursorAt < 0) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "The cursor column '" + cursor.column() + "' of " + table
                    + " is not among the columns read: " + String.join(", ", names) + ".");
        }
        long rows = 0;
        Object[] row = new Object[n + 1];
        row[n] = loadId;
        while (rs.next()) {
            long size = 0;
            for (int i = 0; i < n; i++) {
                Object v = read(rs, i + 1, types[i]);
                row[i] = v;
                size += Values.size(v);
            }
            if (cursorAt >= 0) {
                cursor.offer(row[cursorAt]);
            }
            writer.append(row);
            rows++;
            progress.row(size);
        }
        return rows;
    }

    private void prepare(List<String> names, LoadType[] types) {
        Map<String, LoadType> existing = sink.columns("");
        writer = sink.stage("");
        staged = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            LoadType have = existing.get(names.get(i));
            LoadType type = types[i];
            if (!existing.isEmpty() && (have == null || !have.holds(type)) && !"evolve".equals(contract)) {
                String problem = have == null ? "has no column '" + names.get(i) + "' (new type " + type + ")"
                        : "column '" + names.get(i) + "' is " + have + " but the source gives " + type;
                if ("freeze".equals(contract)) {
                    throw new KilnException(ErrorCode.EXECUTION_FAILED, "schema_contract freeze: table " + table + " "
                            + problem + ". Fix the source, or set 'schema_contract: evolve'.");
                }
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "schema_contract discard_row: table " + table + " "
                        + problem + ", so every row would be discarded. Fix the source, or set 'schema_contract: evolve'.");
            }
            LoadType landed = have == null ? type : have.widen(type);
            types[i] = landed;
            writer.addColumn(names.get(i), landed);
            staged.put(names.get(i), landed);
        }
        writer.addColumn(Normalizer.LOAD_ID, LoadType.VARCHAR);
    }

    long discarded() {
        return discarded;
    }

    private static Object read(ResultSet rs, int col, LoadType type) throws SQLException {
        Object v = switch (type.kind()) {
            case BOOLEAN -> rs.getBoolean(col);
            case BIGINT -> rs.getLong(col);
            case DOUBLE -> rs.getDouble(col);
            case DECIMAL -> {
                BigDecimal d = rs.getBigDecimal(col);
                yield d == null ? null : d.setScale(type.scale(), java.math.RoundingMode.HALF_UP);
            }
            case DATE -> {
                java.sql.Date d = rs.getDate(col);
                yield d == null ? null : d.toLocalDate();
            }
            case TIMESTAMP -> timestamp(rs, col);
            case VARCHAR -> rs.getString(col);
        };
        return rs.wasNull() ? null : v;
    }

    private static LocalDateTime timestamp(ResultSet rs, int col) throws SQLException {
        Object o = rs.getObject(col);
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (o instanceof LocalDateTime ldt) {
            return ldt;
        }
        if (o instanceof Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (o instanceof java.time.Instant in) {
            return LocalDateTime.ofInstant(in, ZoneOffset.UTC);
        }
        Timestamp ts = rs.getTimestamp(col);
        return ts == null ? null : ts.toLocalDateTime();
    }
}
