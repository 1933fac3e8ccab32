package dev.kiln.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The http loader against a real HTTP server on loopback. */
class HttpLoaderTest {

    private static final String TOKEN = "s3cr3t-token-value";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresToSend = new AtomicInteger();
    private volatile int failStatus = 503;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/events", this::events);
        server.createContext("/v2/items", ex -> {
            if (!"k-123".equals(ex.getRequestHeaders().getFirst("X-API-Key"))) {
                send(ex, 403, "{\"error\": \"forbidden\"}");
                return;
            }
            Map<String, String> q = query(ex);
            int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
            int limit = Integer.parseInt(q.getOrDefault("limit", "10"));
            StringBuilder items = new StringBuilder();
            for (int i = offset; i < Math.min(offset + limit, 7); i++) {
                items.append(items.length() == 0 ? "" : ",").append("{\"id\": ").append(i).append("}");
            }
            send(ex, 200, "{\"result\": {\"items\": [" + items + "]}}");
        });
        server.createContext("/v3/things", ex -> {
            String after = query(ex).get("after");
            int from = after == null ? 0 : Integer.parseInt(after);
            String next = from + 2 >= 5 ? "null" : "\"" + (from + 2) + "\"";
            StringBuilder items = new StringBuilder();
            for (int i = from; i < Math.min(from + 2, 5); i++) {
                items.append(items.length() == 0 ? "" : ",").append("{\"n\": ").append(i).append("}");
            }
            send(ex, 200, "{\"things\": [" + items + "], \"meta\": {\"next_cursor\": " + next + "}}");
        });
        server.start();
        for (int i = 1; i <= 5; i++) {
            addEvent(i, "2026-11-0" + i + "T10:00:00Z");
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void addEvent(int id, String at) {
        events.add("{\"event_id\": " + id + ", \"occurred_at\": \"" + at + "\", \"campaign\": {\"id\": \"c" + (id % 2)
                + "\", \"channel\": {\"name\": \"email\"}}, \"clicks\": [{\"url\": \"/a\"}, {\"url\": \"/b\"}]}");
    }

    /** Pages of two events, next-link pagination; 'since' filters; bearer auth; injected failures. */
    private void events(HttpExchange ex) throws IOException {
        requests.add(ex.getRequestURI().toString());
        if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"error\": \"unauthorized\"}");
            return;
        }
        if (failuresToSend.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.getResponseHeaders().add("Retry-After", "0");
            send(ex, failStatus, "busy");
            return;
        }
        Map<String, String> q = query(ex);
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        String since = q.get("since");
        List<String> chosen = events.stream().filter(e -> since == null || occurredAt(e).isAfter(
                java.time.LocalDateTime.parse(since))).toList();
        List<String> pageRows = chosen.subList(Math.min((page - 1) * 2, chosen.size()), Math.min(page * 2, chosen.size()));
        String next = page * 2 < chosen.size() ? "\"/v1/events?page=" + (page + 1) + (since == null ? "" : "&since=" + since) + "\"" : "null";
        send(ex, 200, "{\"data\": [" + String.join(",", pageRows) + "], \"paging\": {\"next\": " + next + "}}");
    }

    private static java.time.LocalDateTime occurredAt(String event) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"occurred_at\": \"([^\"Z]+)Z\"").matcher(event);
        if (!m.find()) {
            throw new IllegalStateException(event);
        }
        return java.time.LocalDateTime.parse(m.group(1));
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String p : q.split("&")) {
                String[] kv = p.split("=", 2);
                out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    private Loads project(String token, String table) {
        return new Loads(dir, Map.of("MKT_API", "http://127.0.0.1:" + server.getAddress().getPort(), "MKT_TOKEN", token))
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: marketing
                            schema: raw
                            loader: {from: http, base_url: "${env_var('MKT_API')}", token: "${env_var('MKT_TOKEN')}", max_retries: 3}
                            tables:
                        %s
                        """.formatted(table.indent(6)));
    }

    @Test
    void nextLinkPagesAreLoadedIncrementallyWithRetriesOnTransientErrors() throws Exception {
        Loads p = project(TOKEN, """
                - name: campaign_events
                  load: {path: /v1/events, records: data, next_page: paging.next, cursor: occurred_at, since_param: since, disposition: append}
                """);
        failuresToSend.set(2); // a 503 with Retry-After, twice, then the pages
        NodeResult first = Loads.only(p.load("source:marketing"));
        assertThat(first.status()).as(first.message()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(first.rowsAffected()).isEqualTo(5);
        assertThat(p.rows("select event_id, campaign__id, campaign__channel__name, occurred_at from raw.campaign_events order by 1"))
                .hasSize(5).first().isEqualTo("1|c1|email|2026-11-01 10:00:00.0");
        assertThat(p.rows("select count(*), count(distinct _kiln_parent_id) from raw.campaign_events__clicks")).containsExactly("10|5");
        assertThat(requests.stream().filter(r -> r.startsWith("/v1/events")).count()).isEqualTo(5); // 2 failures + 3 pages

        addEvent(6, "2026-11-06T10:00:00Z");
        addEvent(7, "2026-11-07T10:00:00Z");
        requests.clear();
        NodeResult second = Loads.only(p.load("source:marketing"));
        assertThat(second.rowsAffected()).isEqualTo(2);
        assertThat(requests).first().asString().contains("since=2026-11-05T10%3A00%3A00");
        assertThat(p.rows("select count(*), count(distinct event_id), max(event_id) from raw.campaign_events")).containsExactly("7|7|7");
    }

    @Test
    void offsetAndCursorPaginationWithAnApiKey() throws Exception {
        Loads p = project(TOKEN, """
                - name: items
                  load: {path: /v2/items, token: "", api_key: k-123, records: result.items, offset_param: offset, limit_param: limit, page_size: 3, disposition: replace}
                - name: things
                  load: {path: /v3/things, records: things, next_cursor: meta.next_cursor, cursor_param: after}
                """);
        assertThat(p.load().results()).allMatch(r -> r.status() == NodeStatus.SUCCESS);
        assertThat(p.rows("select count(*), min(id), max(id) from raw.items")).containsExactly("7|0|6");
        assertThat(p.rows("select string_agg(n::varchar, ',' order by n) from raw.things")).containsExactly("0,1,2,3,4");
        p.load("source:marketing.items");
        assertThat(p.rows("select count(*) from raw.items")).as("replace").containsExactly("7");
    }

    @Test
    void failuresSayWhatHappenedAndNeverShowTheToken() throws Exception {
        Loads wrong = project("wrong-" + TOKEN, """
                - name: campaign_events
                  load: {path: /v1/events, records: data, next_page: paging.next}
                """);
        NodeResult refused = Loads.only(wrong.load());
        assertThat(refused.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(refused.message()).contains("HTTP 401").contains("Check 'token'").doesNotContain(TOKEN);

        Loads p = project(TOKEN, """
                - name: campaign_events
                  load: {path: /v1/events, records: data, next_page: paging.next, max_retries: 2}
                """);
        failuresToSend.set(100);
        NodeResult gaveUp = Loads.only(p.load());
        assertThat(gaveUp.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(gaveUp.message()).contains("failed 3 times").contains("HTTP 503").contains("nothing was committed");
        assertThat(requests).hasSize(1 + 3);
        try (Stream<Path> files = Files.walk(dir.resolve("target"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".duckdb")
                    && !f.toString().endsWith(".wal")).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(TOKEN);
            }
        }
    }
}
