package dev.datavision.ops;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The marketing platform's API: a small JSON HTTP API on 127.0.0.1, every call but {@code GET /health}
 * authorised by {@code Authorization: Bearer <token>}.
 * <ul>
 *   <li>{@code GET /v1/campaigns?limit=&cursor=}: campaigns that have started, by {@code campaign_id};</li>
 *   <li>{@code GET /v1/events?since=&limit=&cursor=}: campaign events (sent, opened, clicked,
 *       converted) by {@code occurred_at}, then {@code event_id}; {@code since} (ISO time, exclusive)
 *       keeps only later events;</li>
 *   <li>{@code POST /_simulator/advance?days=N}, {@code POST /_simulator/stop}: the simulator's controls.</li>
 * </ul>
 * A page is {@code {"data": [...], "paging": {"cursor": "…", "next": "http://…"}}}; {@code cursor} and
 * {@code next} are {@code null} on the last page. {@code limit} defaults to {@value #DEFAULT_LIMIT},
 * at most {@value #MAX_LIMIT}. Times are UTC, ISO 8601 without an offset. Errors are
 * {@code {"error": "…"}} with 400, 401, 404 or 405.
 */
final class MarketingApi implements AutoCloseable {

    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 1000;
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);

    /** What the API serves: the simulator behind it. */
    interface Backend {
        /** The history (its connection is used under the backend's lock). */
        History history();

        /** The cutoff literal of the current clock. */
        String cutoff();

        /** Advances the clock; returns a JSON-able summary. */
        Map<String, Object> advance(int days) throws Exception;

        /** Asks the simulator to stop (after this response). */
        void stop();
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Backend backend;
    private final byte[] token;
    private final JsonFactory json = new JsonFactory();

    private MarketingApi(HttpServer server, ExecutorService executor, Backend backend, String token) {
        this.server = server;
        this.executor = executor;
        this.backend = backend;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** Starts the API on 127.0.0.1:port (0 picks a free port). */
    static MarketingApi start(int port, String token, Backend backend) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new IOException("cannot start the marketing API on 127.0.0.1:" + port + ": " + e.getMessage()
                    + " (is the port taken? choose another with --api-port)", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "marketing-api");
            t.setDaemon(true);
            return t;
        });
        MarketingApi api = new MarketingApi(server, executor, backend, token);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** Base URL, e.g. {@code http://127.0.0.1:54330}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/health")) {
                respond(exchange, 200, Map.of("status", "ok"));
                return;
            }
            if (!authorised(exchange)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                respond(exchange, 401, Map.of("error", "missing or wrong bearer token (Authorization: Bearer <token>)"));
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            switch (path) {
                case "/v1/campaigns" -> get(exchange, method, () -> campaigns(query));
                case "/v1/events" -> get(exchange, method, () -> events(query));
                case "/_simulator/advance" -> post(exchange, method, () -> backend.advance(intParam(query, "days", 1, 1, 3660)));
                case "/_simulator/stop" -> {
                    post(exchange, method, () -> Map.of("stopping", true));
                    backend.stop();
                }
                default -> respond(exchange, 404, Map.of("error", "no such endpoint: " + path
                        + " (endpoints: /v1/campaigns, /v1/events, /health)"));
            }
        } catch (RuntimeException e) {
            respondQuietly(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private interface Body {
        Object get() throws Exception;
    }

    private void get(HttpExchange exchange, String method, Body body) throws IOException {
        call(exchange, method, "GET", body);
    }

    private void post(HttpExchange exchange, String method, Body body) throws IOException {
        call(exchange, method, "POST", body);
    }

    private void call(HttpExchange exchange, String method, String expected, Body body) throws IOException {
        if (!method.equals(expected)) {
            respond(exchange, 405, Map.of("error", "use " + expected));
            return;
        }
        Object result;
        try {
            synchronized (backend) {
                result = body.get();
            }
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, Map.of("error", e.getMessage()));
            return;
        } catch (Exception e) {
            respond(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
            return;
        }
        respond(exchange, 200, result);
    }

    private Object campaigns(Map<String, String> query) throws SQLException {
        int limit = intParam(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String[] after = cursor(query, 1);
        String sql = "SELECT campaign_id, name, channel, goal, target_plan, started_at, ended_at, created_at "
                + "FROM history_campaigns WHERE started_at < " + backend.cutoff()
                + (after != null ? " AND campaign_id > ?" : "") + " ORDER BY campaign_id LIMIT " + (limit + 1);
        return page(sql, after == null ? new Object[0] : new Object[] {Long.parseLong(after[0])}, limit, query,
                "/v1/campaigns", "campaign_id", null);
    }

    private Object events(Map<String, String> query) throws SQLException {
        int limit = intParam(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String[] after = cursor(query, 2);
        LocalDateTime since = timeParam(query, "since");
        StringBuilder sql = new StringBuilder("SELECT event_id, campaign_id, user_id, event_type, occurred_at "
                + "FROM history_campaign_events WHERE occurred_at < " + backend.cutoff());
        java.util.List<Object> args = new java.util.ArrayList<>();
        if (since != null) {
            sql.append(" AND occurred_at > CAST(? AS TIMESTAMP)");
            args.add(since.toString());
        }
        if (after != null) {
            sql.append(" AND (occurred_at > CAST(? AS TIMESTAMP) OR (occurred_at = CAST(? AS TIMESTAMP) AND event_id > ?))");
            args.add(after[0]);
            args.add(after[0]);
            args.add(Long.parseLong(after[1]));
        }
        sql.append(" ORDER BY occurred_at, event_id LIMIT ").append(limit + 1);
        return page(sql.toString(), args.toArray(), limit, query, "/v1/events", "occurred_at", "event_id");
    }

    /** Runs a keyset page query (limit + 1 rows: the extra one says whether a next page exists). */
    private Object page(String sql, Object[] args, int limit, Map<String, String> query, String path,
                        String key1, String key2) throws SQLException {
        java.util.List<Map<String, Object>> rows = new java.util.ArrayList<>();
        boolean more = false;
        try (PreparedStatement s = backend.history().connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                ResultSetMetaData meta = r.getMetaData();
                while (r.next()) {
                    if (rows.size() == limit) {
                        more = true;
                        break;
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), value(r, i, meta.getColumnType(i)));
                    }
                    rows.add(row);
                }
            }
        }
        Map<String, Object> paging = new LinkedHashMap<>();
        String cursor = null;
        String next = null;
        if (more) {
            Map<String, Object> last = rows.get(rows.size() - 1);
            String raw = key2 == null ? String.valueOf(last.get(key1)) : last.get(key1) + "|" + last.get(key2);
            cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
            StringBuilder url = new StringBuilder(baseUrl()).append(path).append("?cursor=").append(cursor);
            for (String kept : new String[] {"limit", "since"}) {
                if (query.containsKey(kept)) {
                    url.append('&').append(kept).append('=').append(URLEncoder.encode(query.get(kept), StandardCharsets.UTF_8));
                }
            }
            next = url.toString();
        }
        paging.put("cursor", cursor);
        paging.put("next", next);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", rows);
        body.put("paging", paging);
        return body;
    }

    private static Object value(ResultSet r, int i, int type) throws SQLException {
        return switch (type) {
            case Types.TIMESTAMP -> {
                LocalDateTime t = r.getObject(i, LocalDateTime.class);
                yield t == null ? null : ISO.format(t);
            }
            case Types.BIGINT, Types.INTEGER -> {
                long v = r.getLong(i);
                yield r.wasNull() ? null : v;
            }
            default -> r.getString(i);
        };
    }

    private boolean authorised(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && MessageDigest.isEqual(token, header.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] cursor(Map<String, String> query, int parts) {
        String value = query.get("cursor");
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            String[] decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|");
            if (decoded.length != parts) {
                throw new IllegalArgumentException();
            }
            if (parts == 2) {
                LocalDateTime.parse(decoded[0]);
            }
            Long.parseLong(decoded[parts - 1]);
            return decoded;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new BadRequest("cursor is not one this API returned: " + value);
        }
    }

    private static int intParam(Map<String, String> query, String name, int fallback, int min, int max) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number from " + min + " to " + max + ", got " + value);
        }
    }

    private static LocalDateTime timeParam(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        String v = value.endsWith("Z") ? value.substring(0, value.length() - 1) : value;
        try {
            return LocalDateTime.parse(v.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw new BadRequest(name + " must be an ISO 8601 time (UTC), e.g. 2026-10-30T08:00:00, got " + value);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private void respond(HttpExchange exchange, int status, Object body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator gen = json.createGenerator(bytes, JsonEncoding.UTF8)) {
            write(gen, body);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.size());
        try (OutputStream out = exchange.getResponseBody()) {
            bytes.writeTo(out);
        }
    }

    private void respondQuietly(HttpExchange exchange, int status, Object body) {
        try {
            respond(exchange, status, body);
        } catch (IOException | RuntimeException ignored) {
            // the response was already (partly) sent
        }
    }

    private static void write(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                gen.writeFieldName(String.valueOf(e.getKey()));
                write(gen, e.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            gen.writeStartArray();
            for (Object o : list) {
                write(gen, o);
            }
            gen.writeEndArray();
        } else if (value instanceof Long n) {
            gen.writeNumber(n);
        } else if (value instanceof Integer n) {
            gen.writeNumber(n);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else {
            gen.writeString(value.toString());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A request the API refuses with 400. */
    private static final class BadRequest extends IllegalArgumentException {
        BadRequest(String message) {
            super(message);
        }
    }
}
