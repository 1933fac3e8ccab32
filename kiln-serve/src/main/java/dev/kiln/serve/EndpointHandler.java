package dev.kiln.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Answers one endpoint: checks the parameters against the model's columns, runs one
 * parameterised query on the replica and writes the rows as JSON.
 */
final class EndpointHandler {

    /** Query parameters every list endpoint understands. */
    static final String LIMIT = "limit";
    static final String CURSOR = "cursor";

    private final ServeSpec spec;
    private final ServeSpec.Endpoint endpoint;
    private final ServedModel model;
    private final boolean single;
    /** The model's single-column unique key, or {@code null} (computed once). */
    private final String singleKey;
    /** Whether one-row answers may come from a {@link KeyIndex}: the path binds exactly a whole-number unique key. */
    private final boolean indexable;
    private volatile KeyIndex index;
    /** An index built for a version about to be served (it becomes {@link #index} on its first request). */
    private volatile KeyIndex pending;
    private final java.util.concurrent.atomic.AtomicLong indexing = new java.util.concurrent.atomic.AtomicLong();

    EndpointHandler(ServeSpec spec, ServeSpec.Endpoint endpoint, ServedModel model) {
        this.spec = spec;
        this.endpoint = endpoint;
        this.model = model;
        Set<String> fixed = new LinkedHashSet<>(endpoint.path().parameters());
        fixed.addAll(endpoint.filter().keySet());
        this.single = model.unique(fixed);
        this.singleKey = model.singleKey();
        this.indexable = single && INDEXES && endpoint.filter().isEmpty() && singleKey != null
                && endpoint.path().parameters().equals(List.of(singleKey));
    }

    /** {@code -Dkiln.serve.keyIndex=false} answers every request from the database. */
    static final boolean INDEXES = Boolean.parseBoolean(System.getProperty("kiln.serve.keyIndex", "true"));
    private static final java.util.concurrent.ExecutorService INDEXER = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "kiln-serve-index");
                t.setDaemon(true);
                return t;
            });

    ServeSpec spec() {
        return spec;
    }

    ServeSpec.Endpoint endpoint() {
        return endpoint;
    }

    ServedModel model() {
        return model;
    }

    /** Whether it answers one object (or 404) rather than a page of rows. */
    boolean single() {
        return single;
    }

    /** The problems of this endpoint against the copied model (missing columns, bad filter values). */
    List<Diagnostic> check(ReplicaTable table) {
        List<Diagnostic> problems = new ArrayList<>();
        var exposure = spec.exposure();
        String allowed = "Columns of " + model.name() + ": " + String.join(", ", table.columnNames()) + ".";
        for (String p : endpoint.path().parameters()) {
            var c = table.column(p);
            if (c.isEmpty()) {
                problems.add(Diagnostic.error("serve-path-column", exposure.positionOf(endpoint.key("path")),
                        "Path parameter '{" + p + "}' of " + endpoint.path().text() + " is not a column of model '"
                                + model.name() + "'.", dev.kiln.internal.util.Suggest.didYouMean(p, table.columnNames(), allowed)));
            } else if (!c.get().kind().filterable()) {
                problems.add(Diagnostic.error("serve-path-column", exposure.positionOf(endpoint.key("path")),
                        "Path parameter '{" + p + "}' binds column " + p + " of type " + c.get().type()
                                + ", which cannot be compared with a value from a URL.", "Bind a scalar column."));
            }
        }
        for (String col : endpoint.columns()) {
            if (table.column(col).isEmpty()) {
                problems.add(Diagnostic.error("serve-columns", exposure.positionOf(endpoint.key("columns")),
                        "Column '" + col + "' of endpoint " + endpoint.path().text() + " is not a column of model '"
                                + model.name() + "'.", dev.kiln.internal.util.Suggest.didYouMean(col, table.columnNames(), allowed)));
            }
        }
        endpoint.filter().forEach((col, value) -> {
            var c = table.column(col);
            String at = endpoint.key("filter." + col);
            if (c.isEmpty()) {
                problems.add(Diagnostic.error("serve-filter", exposure.positionOf(at), "Filter column '" + col
                        + "' is not a column of model '" + model.name() + "'.",
                        dev.kiln.internal.util.Suggest.didYouMean(col, table.columnNames(), allowed)));
                return;
            }
            try {
                c.get().kind().parse(value);
            } catch (IllegalArgumentException e) {
                problems.add(Diagnostic.error("serve-filter", exposure.positionOf(at), "Filter value '" + value
                        + "' for column " + col + " (" + c.get().type() + ") is not " + c.get().kind().phrase() + ".",
                        "Write a value of the column's type."));
            }
        });
        return problems;
    }

    /** Answers a request whose path matched, with the path's parameter values. */
    ApiResponse handle(ApiRequest request, Map<String, String> pathValues, Replica replica) {
        try (Replica.Lease lease = replica.lease()) {
            ReplicaVersion version = lease.version();
            ReplicaTable table = version.table(model.name());
            Bound bound;
            try {
                bound = bind(request, pathValues, table, version);
            } catch (BadRequest e) {
                return ApiResponse.error(e.status, e.getMessage());
            }
            if (notModified(request.header("If-None-Match"), version.etag())) {
                return new ApiResponse(304, Map.of("ETag", version.etag()), new byte[0]);
            }
            byte[] body = fromIndex(request, bound, table, version, replica);
            if (body == null) {
                body = query(lease, table, bound);
            } else if (body.length == 0) {
                body = null;
            }
            if (body == null) {
                return ApiResponse.error(404, "No " + model.name() + " row where " + describe(pathValues) + ".");
            }
            return ApiResponse.json(200, body).with("ETag", version.etag());
        } catch (SQLException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Query on the replica failed: " + e.getMessage(), e);
        }
    }

    /**
     * The answer from the key index of this version: the row, an empty array for no row, or
     * {@code null} when the index cannot answer (not built yet: it is built in the background
     * while the database answers; other filters in the query).
     */
    private byte[] fromIndex(ApiRequest request, Bound bound, ReplicaTable table, ReplicaVersion version, Replica replica) {
        if (!indexable || !request.query().isEmpty()) {
            return null;
        }
        ReplicaColumn key = table.column(singleKey).orElse(null);
        if (key == null || key.kind() != ColumnKind.INTEGER || !(bound.equals.get(key.name()) instanceof Long value)) {
            return null;
        }
        KeyIndex i = index;
        if (i == null || i.version() != version.number()) {
            KeyIndex p = pending;
            if (p != null && p.version() == version.number()) {
                index = p;
                pending = null;
                i = p;
            }
        }
        if (i != null && i.version() == version.number()) {
            byte[] row = i.get(value);
            return row == null ? new byte[0] : row;
        }
        if (indexing.getAndSet(version.number()) != version.number()) {
            List<String> columns = indexColumns(table);
            INDEXER.submit(() -> {
                try (Replica.Lease lease = replica.lease()) {
                    if (lease.version().number() == version.number()) {
                        KeyIndex built = KeyIndex.build(version.number(), lease::prepare, table, key.name(), columns);
                        if (built != null) {
                            index = built;
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(EndpointHandler.class).warn("Key index of {} not built: {}",
                            endpoint.path().text(), e.getMessage());
                }
            });
        }
        return null;
    }

    /** The newest replica version with a key index ready for this endpoint ({@code 0}: none). */
    long indexedVersion() {
        KeyIndex p = pending;
        KeyIndex i = index;
        return Math.max(p == null ? 0 : p.version(), i == null ? 0 : i.version());
    }

    private List<String> indexColumns(ReplicaTable table) {
        return endpoint.columns().isEmpty() ? table.columnNames()
                : endpoint.columns().stream().map(c -> table.column(c).orElseThrow().name()).toList();
    }

    /**
     * Builds the key index of a version before it is served (so that its first requests need no
     * database query), reading through {@code connection}; nothing when the endpoint has none.
     */
    void prepareIndex(long version, ReplicaTable table, java.sql.Connection connection) throws SQLException {
        if (!indexable) {
            return;
        }
        ReplicaColumn key = table.column(singleKey).orElse(null);
        if (key == null || key.kind() != ColumnKind.INTEGER) {
            return;
        }
        List<PreparedStatement> opened = new ArrayList<>();
        try {
            KeyIndex built = KeyIndex.build(version, sql -> {
                PreparedStatement ps = connection.prepareStatement(sql);
                opened.add(ps);
                return ps;
            }, table, key.name(), indexColumns(table));
            if (built != null) {
                pending = built;
                indexing.set(version);
            }
        } finally {
            for (PreparedStatement ps : opened) {
                ps.close();
            }
        }
    }

    static boolean notModified(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag) || t.equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Map<String, String> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + " = " + v));
        return String.join(" and ", parts);
    }

    /** The checked parameters of one request. */
    private record Bound(Map<String, Object> equals, int limit, Object after, ReplicaColumn orderBy) {
    }

    private Bound bind(ApiRequest request, Map<String, String> pathValues, ReplicaTable table, ReplicaVersion version)
            throws BadRequest {
        Map<String, Object> equals = new TreeMap<>();
        for (Map.Entry<String, String> e : pathValues.entrySet()) {
            equals.put(table.column(e.getKey()).orElseThrow().name(), parse(table, e.getKey(), e.getValue(), "Path parameter"));
        }
        endpoint.filter().forEach((col, value) -> equals.put(table.column(col).orElseThrow().name(),
                table.column(col).orElseThrow().kind().parse(value)));
        int limit = endpoint.pageSize();
        Object after = null;
        String key = singleKey;
        ReplicaColumn orderBy = key == null ? null : table.column(key).orElse(null);
        for (Map.Entry<String, List<String>> q : request.query().entrySet()) {
            String name = q.getKey();
            if (q.getValue().size() > 1) {
                throw new BadRequest(400, "Parameter '" + name + "' is given " + q.getValue().size()
                        + " times; give it once.");
            }
            String value = q.getValue().get(0);
            if (!single && name.equals(LIMIT)) {
                limit = limit(value);
            } else if (!single && name.equals(CURSOR)) {
                after = after(value, table, version, orderBy);
            } else {
                var col = table.column(name);
                if (col.isEmpty() || pathValues.containsKey(name) || endpoint.filter().containsKey(name)
                        || !col.get().kind().filterable()) {
                    throw new BadRequest(400, "Unknown parameter '" + name + "'. " + allowed(table, pathValues));
                }
                equals.put(col.get().name(), parse(table, name, value, "Parameter"));
            }
        }
        return new Bound(equals, limit, after, orderBy);
    }

    private String allowed(ReplicaTable table, Map<String, String> pathValues) {
        List<String> names = new ArrayList<>();
        for (ReplicaColumn c : table.columns()) {
            if (c.kind().filterable() && !pathValues.containsKey(c.name()) && !endpoint.filter().containsKey(c.name())) {
                names.add(c.name());
            }
        }
        if (!single) {
            names.add(LIMIT);
            names.add(CURSOR);
        }
        return names.isEmpty() ? "This endpoint takes no query parameters." : "Allowed: " + String.join(", ", names) + ".";
    }

    private int limit(String value) throws BadRequest {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= endpoint.pageSize()) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadRequest(400, "Parameter 'limit' must be a whole number from 1 to " + endpoint.pageSize()
                + " (the page size of " + endpoint.path().text() + "), not '" + value + "'.");
    }

    private Object after(String value, ReplicaTable table, ReplicaVersion version, ReplicaColumn orderBy) throws BadRequest {
        Cursor c;
        try {
            c = Cursor.decode(value, endpoint.path().text());
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "Parameter 'cursor' is not a cursor of " + endpoint.path().text()
                    + ": pass the 'next' value of the previous page as it is.");
        }
        if (orderBy == null) {
            if (c.version() != version.number()) {
                throw new BadRequest(410, "The data was rebuilt since this cursor was issued; start again from the "
                        + "first page (leave out 'cursor').");
            }
            try {
                return Long.parseLong(c.key());
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "Parameter 'cursor' is damaged: pass the 'next' value as it is.");
            }
        }
        try {
            return orderBy.kind().parse(c.key());
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "Parameter 'cursor' is damaged: pass the 'next' value as it is.");
        }
    }

    private static Object parse(ReplicaTable table, String name, String value, String what) throws BadRequest {
        ReplicaColumn c = table.column(name).orElseThrow();
        try {
            return c.kind().parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, what + " '" + name + "' must be " + c.kind().phrase() + " (column " + c.name()
                    + " is " + c.type() + "), not '" + value + "'.");
        }
    }

    private byte[] query(Replica.Lease lease, ReplicaTable table, Bound b) throws SQLException {
        List<String> columns = endpoint.columns().isEmpty() ? table.columnNames()
                : endpoint.columns().stream().map(c -> table.column(c).orElseThrow().name()).toList();
        StringBuilder sql = new StringBuilder("select ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i)));
        }
        String order = b.orderBy == null ? "rowid" : quote(b.orderBy.name());
        if (!single) {
            sql.append(", ").append(order);
        }
        sql.append(" from ").append(table.sqlName());
        List<Object> params = new ArrayList<>();
        String sep = " where ";
        for (Map.Entry<String, Object> e : b.equals.entrySet()) {
            sql.append(sep).append(quote(e.getKey())).append(" = ?");
            params.add(e.getValue());
            sep = " and ";
        }
        if (single) {
            sql.append(" limit 1");
        } else {
            if (b.after != null) {
                sql.append(sep).append(order).append(" > ?");
                params.add(b.after);
            }
            sql.append(" order by ").append(order).append(" limit ?");
            params.add(b.limit + 1);
        }
        PreparedStatement ps = lease.prepare(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (ResultSet rs = ps.executeQuery(); JsonGenerator g = Json.generator(out)) {
            if (single) {
                if (!rs.next()) {
                    return null;
                }
                row(g, rs, columns);
            } else {
                g.writeStartObject();
                g.writeArrayFieldStart("data");
                int n = 0;
                Object last = null;
                boolean more = false;
                while (rs.next()) {
                    if (n == b.limit) {
                        more = true;
                        break;
                    }
                    row(g, rs, columns);
                    last = rs.getObject(columns.size() + 1);
                    n++;
                }
                g.writeEndArray();
                g.writeFieldName("next");
                if (more) {
                    long version = b.orderBy == null ? lease.version().number() : 0;
                    g.writeString(new Cursor(endpoint.path().text(), version, keyText(last)).encode());
                } else {
                    g.writeNull();
                }
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String keyText(Object v) {
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.toPlainString();
        }
        return String.valueOf(v);
    }

    private static void row(JsonGenerator g, ResultSet rs, List<String> columns) throws SQLException, IOException {
        g.writeStartObject();
        for (int i = 0; i < columns.size(); i++) {
            g.writeFieldName(columns.get(i));
            Json.value(g, rs.getObject(i + 1));
        }
        g.writeEndObject();
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** A request the caller must fix. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The parameters of the endpoint, for OpenAPI: name → column, path ones first. */
    Map<String, ReplicaColumn> parameters(ReplicaTable table) {
        Map<String, ReplicaColumn> out = new LinkedHashMap<>();
        endpoint.path().parameters().forEach(p -> out.put(p, table.column(p).orElseThrow()));
        return out;
    }
}
