package dev.kiln.hubspot.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

/**
 * A HubSpot CRM API on loopback that enforces HubSpot's documented contract, for tests and the
 * benchmark: Bearer authentication (401 {@code INVALID_AUTHENTICATION}), scopes (403
 * {@code MISSING_SCOPES}), at most 100 inputs per batch, unique ids per batch, known properties
 * only ({@code PROPERTY_DOESNT_EXIST}), valid e-mail addresses and numbers (400
 * {@code VALIDATION_ERROR} for the whole batch, with HubSpot's error body), a rolling
 * ten-secondly rate limit (429 with the {@code X-HubSpot-RateLimit-*} headers and
 * {@code policyName}), a daily limit, and injected 5xx answers. It stores what it accepted and
 * logs every upsert it received, in order.
 */
public final class FakeHubSpot implements AutoCloseable {

    /** One upsert request the server received and applied. */
    public record Upsert(int number, long receivedNanos, List<String> ids) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final Map<String, Map<String, String>> contacts = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> properties = new ConcurrentHashMap<>();
    private final List<Upsert> upserts = new ArrayList<>();
    private final List<String> authorizationHeadersSeen = new ArrayList<>();
    private final ArrayDeque<Long> window = new ArrayDeque<>();
    private int maxRequests = 100;
    private long intervalMillis = 10_000;
    private boolean retryAfterHeader;
    private long dailyLimit = Long.MAX_VALUE;
    private long dailyUsed;
    private int failNext;
    private int failStatus = 502;
    private boolean forbidden;
    private int requests;
    private int tooManyRequests;
    private int nextId = 1000;
    private volatile IntConsumer beforeUpsertAnswer = n -> { };

    /** Starts a server accepting {@code token}, on 127.0.0.1 at a free port. */
    public FakeHubSpot(String token) throws IOException {
        this.token = token;
        for (String p : List.of("email", "firstname", "lastname", "phone", "company", "lifecyclestage")) {
            property(p, "string");
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Declares a property of the object ({@code string}, {@code number}, {@code date}, {@code datetime}, {@code enumeration}). */
    public synchronized FakeHubSpot property(String name, String type) {
        ObjectNode p = JSON.createObjectNode();
        p.put("name", name).put("label", name).put("type", type).put("fieldType", type.equals("number") ? "number" : "text")
                .put("groupName", "contactinformation");
        properties.put(name, p);
        return this;
    }

    /** The rolling limit: at most {@code max} requests in any {@code intervalMillis}. */
    public synchronized FakeHubSpot rateLimit(int max, long intervalMillis) {
        this.maxRequests = max;
        this.intervalMillis = intervalMillis;
        return this;
    }

    /** Whether 429 answers carry {@code Retry-After} (HubSpot's usually do not). */
    public synchronized FakeHubSpot retryAfter(boolean on) {
        this.retryAfterHeader = on;
        return this;
    }

    /** Requests allowed in total before the DAILY policy answers 429. */
    public synchronized FakeHubSpot dailyLimit(long n) {
        this.dailyLimit = n;
        this.dailyUsed = 0;
        return this;
    }

    /** The next {@code n} requests fail with {@code status} (5xx). */
    public synchronized FakeHubSpot failNext(int n, int status) {
        this.failNext = n;
        this.failStatus = status;
        return this;
    }

    /** Answers 403 MISSING_SCOPES to every authenticated request. */
    public synchronized FakeHubSpot forbidden(boolean on) {
        this.forbidden = on;
        return this;
    }

    /** Called with the upsert's number (from 1) after it was applied and before it is answered. */
    public FakeHubSpot beforeUpsertAnswer(IntConsumer hook) {
        this.beforeUpsertAnswer = hook;
        return this;
    }

    /** The stored records by id, with their properties. */
    public Map<String, Map<String, String>> contacts() {
        return contacts;
    }

    /** The property definitions, by name. */
    public synchronized Set<String> propertyNames() {
        return new HashSet<>(properties.keySet());
    }

    /** A property's definition. */
    public JsonNode propertyDefinition(String name) {
        return properties.get(name);
    }

    /** Every applied upsert, in order. */
    public synchronized List<Upsert> upserts() {
        return List.copyOf(upserts);
    }

    /** Every id applied, once per time it was received. */
    public synchronized List<String> receivedIds() {
        return upserts.stream().flatMap(u -> u.ids().stream()).toList();
    }

    /** Requests received (all endpoints, all answers). */
    public synchronized int requests() {
        return requests;
    }

    /** 429 answers given. */
    public synchronized int tooManyRequests() {
        return tooManyRequests;
    }

    /** Every Authorization header received, to check what clients send. */
    public synchronized List<String> authorizationHeadersSeen() {
        return List.copyOf(authorizationHeadersSeen);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            Answer a = answer(ex, body);
            if (a.upsertNumber > 0) {
                beforeUpsertAnswer.accept(a.upsertNumber);
            }
            byte[] out = a.body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
            a.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(a.status, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private record Answer(int status, String body, Map<String, String> headers, int upsertNumber) {
        Answer(int status, String body, Map<String, String> headers) {
            this(status, body, headers, 0);
        }
    }

    private synchronized Answer answer(HttpExchange ex, byte[] body) {
        requests++;
        long now = System.nanoTime();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authorizationHeadersSeen.add(auth);
        Map<String, String> headers = new LinkedHashMap<>();
        if (auth == null || !auth.equals("Bearer " + token)) {
            return new Answer(401, error("Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more "
                    + "details at https://developers.hubspot.com/docs/methods/auth/oauth-overview", "INVALID_AUTHENTICATION"), headers);
        }
        if (dailyUsed >= dailyLimit) {
            tooManyRequests++;
            return new Answer(429, rateLimited("You have reached your daily limit.", "DAILY"), headers);
        }
        while (!window.isEmpty() && now - window.peekFirst() >= intervalMillis * 1_000_000L) {
            window.pollFirst();
        }
        headers.put("X-HubSpot-RateLimit-Max", String.valueOf(maxRequests));
        headers.put("X-HubSpot-RateLimit-Interval-Milliseconds", String.valueOf(intervalMillis));
        if (window.size() >= maxRequests) {
            tooManyRequests++;
            headers.put("X-HubSpot-RateLimit-Remaining", "0");
            if (retryAfterHeader) {
                long wait = (window.peekFirst() + intervalMillis * 1_000_000L - now) / 1_000_000L + 1;
                headers.put("Retry-After", String.valueOf(Math.max(1, (wait + 999) / 1000)));
            }
            return new Answer(429, rateLimited("You have reached your ten_secondly_rolling limit.", "TEN_SECONDLY_ROLLING"), headers);
        }
        window.addLast(now);
        dailyUsed++;
        headers.put("X-HubSpot-RateLimit-Remaining", String.valueOf(maxRequests - window.size()));
        if (forbidden) {
            return new Answer(403, "{\"status\":\"error\",\"message\":\"This app hasn't been granted all required scopes to make this call. "
                    + "Read more about required scopes here: https://developers.hubspot.com/scopes.\",\"correlationId\":\"" + UUID.randomUUID()
                    + "\",\"errors\":[{\"message\":\"One or more of the following scopes are required.\",\"context\":{\"requiredGranularScopes\":"
                    + "[\"crm.objects.contacts.write\"]}}],\"category\":\"MISSING_SCOPES\"}", headers);
        }
        if (failNext > 0) {
            failNext--;
            return new Answer(failStatus, "{\"status\":\"error\",\"message\":\"internal error\",\"category\":\"INTERNAL_ERROR\"}", headers);
        }
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        try {
            if (method.equals("POST") && path.matches("/crm/v3/objects/[a-z0-9_-]+/batch/upsert")) {
                return upsert(JSON.readTree(body), now, headers);
            }
            if (path.matches("/crm/v3/properties/[a-z0-9_-]+")) {
                if (method.equals("GET")) {
                    ObjectNode r = JSON.createObjectNode();
                    ArrayNode results = r.putArray("results");
                    properties.values().forEach(results::add);
                    return new Answer(200, r.toString(), headers);
                }
                if (method.equals("POST")) {
                    JsonNode p = JSON.readTree(body);
                    String name = p.path("name").asText();
                    if (properties.containsKey(name)) {
                        return new Answer(409, error("Property named '" + name + "' already exists.", "OBJECT_ALREADY_EXISTS"), headers);
                    }
                    for (String f : List.of("name", "label", "type", "fieldType", "groupName")) {
                        if (!p.path(f).isTextual() || p.path(f).asText().isEmpty()) {
                            return new Answer(400, error("Property definition is missing " + f, "VALIDATION_ERROR"), headers);
                        }
                    }
                    properties.put(name, (ObjectNode) p);
                    return new Answer(201, p.toString(), headers);
                }
            }
        } catch (IOException e) {
            return new Answer(400, error("Invalid input JSON on line 1: " + e.getMessage(), "VALIDATION_ERROR"), headers);
        }
        return new Answer(404, error("Unable to infer object type from: " + path, "OBJECT_NOT_FOUND"), headers);
    }

    private Answer upsert(JsonNode req, long now, Map<String, String> headers) {
        JsonNode inputs = req.path("inputs");
        if (!inputs.isArray()) {
            return new Answer(400, error("Invalid input JSON: inputs is required", "VALIDATION_ERROR"), headers);
        }
        if (inputs.size() > 100) {
            return new Answer(400, error("Batch input limit exceeded: at most 100 inputs are allowed, got " + inputs.size(), "VALIDATION_ERROR"), headers);
        }
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode in : inputs) {
            String id = in.path("id").asText("");
            String idProperty = in.path("idProperty").asText("");
            if (id.isEmpty() || !properties.containsKey(idProperty)) {
                problems.add(invalid(idProperty, "id and a known idProperty are required", "INVALID_ID"));
                continue;
            }
            if (!ids.add(id)) {
                return new Answer(400, error("Duplicate IDs found in batch input: [" + id + "]. IDs must be unique", "VALIDATION_ERROR"), headers);
            }
            if (idProperty.equals("email") && !validEmail(id)) {
                problems.add(invalid("email", "Email address " + id + " is invalid", "INVALID_EMAIL"));
            }
            in.path("properties").fields().forEachRemaining(e -> {
                ObjectNode def = properties.get(e.getKey());
                String v = e.getValue().asText();
                if (def == null) {
                    problems.add(invalid(e.getKey(), "Property \"" + e.getKey() + "\" does not exist", "PROPERTY_DOESNT_EXIST"));
                } else if (def.path("type").asText().equals("number") && !v.isEmpty() && !v.matches("-?[0-9]+(\\.[0-9]+)?")) {
                    problems.add(invalid(e.getKey(), v + " is not a valid number.", "INVALID_FLOAT"));
                } else if (e.getKey().equals("email") && !v.isEmpty() && !validEmail(v)) {
                    problems.add(invalid("email", "Email address " + v + " is invalid", "INVALID_EMAIL"));
                }
            });
        }
        if (!problems.isEmpty()) {
            return new Answer(400, error("Property values were not valid: [" + String.join(",", problems) + "]", "VALIDATION_ERROR"), headers);
        }
        ObjectNode r = JSON.createObjectNode();
        r.put("status", "COMPLETE");
        ArrayNode results = r.putArray("results");
        List<String> applied = new ArrayList<>();
        String ts = Instant.now().toString();
        for (JsonNode in : inputs) {
            String id = in.path("id").asText();
            boolean isNew = !contacts.containsKey(id);
            Map<String, String> stored = contacts.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
            stored.put(in.path("idProperty").asText(), id);
            in.path("properties").fields().forEachRemaining(e -> stored.put(e.getKey(), e.getValue().asText()));
            stored.putIfAbsent("hs_object_id", String.valueOf(nextId++));
            ObjectNode res = results.addObject();
            res.put("id", stored.get("hs_object_id"));
            ObjectNode props = res.putObject("properties");
            stored.forEach(props::put);
            res.put("createdAt", ts).put("updatedAt", ts).put("archived", false).put("new", isNew);
            applied.add(id);
        }
        r.put("startedAt", ts).put("completedAt", ts);
        upserts.add(new Upsert(upserts.size() + 1, now, List.copyOf(applied)));
        return new Answer(200, r.toString(), headers, upserts.size());
    }

    private static boolean validEmail(String v) {
        return v.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    }

    private static String invalid(String name, String message, String code) {
        ObjectNode n = JSON.createObjectNode();
        n.put("isValid", false).put("message", message).put("error", code).put("name", name);
        return n.toString();
    }

    private static String error(String message, String category) {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", "error").put("message", message).put("correlationId", UUID.randomUUID().toString()).put("category", category);
        return n.toString();
    }

    private static String rateLimited(String message, String policy) {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", "error").put("message", message).put("errorType", "RATE_LIMIT")
                .put("correlationId", UUID.randomUUID().toString()).put("policyName", policy).put("groupName", "api-calls");
        return n.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
