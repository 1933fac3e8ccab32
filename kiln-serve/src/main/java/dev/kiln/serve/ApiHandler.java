package dev.kiln.serve;

import dev.kiln.KilnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The whole API behind one method, {@link #handle}: routing, API keys, CORS, ETags, gzip and
 * the access log. The HTTP server ({@link KilnServer}) and the AWS Lambda handler
 * ({@link LambdaHandler}) both call it, so they answer alike.
 */
public final class ApiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    /** Bodies smaller than this are sent as they are. */
    static final int GZIP_MIN_BYTES = 1024;

    private final List<EndpointHandler> endpoints;
    private final Map<ServeSpec, ApiKeys> keys = new LinkedHashMap<>();
    private final Replica replica;
    private final OpenApi openApi;
    private final SwaggerUi swaggerUi = new SwaggerUi();
    private static final java.util.function.Consumer<String> DEFAULT_LOG = AccessLog::toSlf4j;
    private volatile java.util.function.Consumer<String> accessLog = DEFAULT_LOG;

    ApiHandler(List<EndpointHandler> endpoints, Replica replica, OpenApi openApi) {
        this.endpoints = List.copyOf(endpoints);
        this.replica = replica;
        this.openApi = openApi;
        endpoints.forEach(e -> keys.computeIfAbsent(e.spec(), s -> new ApiKeys(s.apiKeys())));
    }

    /** Answers a request; never throws (a failure is a 500 with a message, logged). */
    public ApiResponse handle(ApiRequest request) {
        long start = System.nanoTime();
        ApiResponse response;
        try {
            response = route(request);
        } catch (ReplicaUnavailable e) {
            response = ApiResponse.error(503, e.getMessage()).with("Retry-After", "1");
        } catch (KilnException e) {
            LOG.error("{} {} failed", request.method(), request.path(), e);
            response = ApiResponse.error(500, "The request could not be answered: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.method(), request.path(), e);
            response = ApiResponse.error(500, "Internal error; the server log has the details.");
        }
        response = finish(request, response);
        java.util.function.Consumer<String> log = accessLog;
        if (log != null && (log != DEFAULT_LOG || AccessLog.LOG.isInfoEnabled())) {
            log.accept(AccessLog.line(request, response, System.nanoTime() - start, replica.current()));
        }
        return response;
    }

    /**
     * Where the access log's JSON lines go: by default the SLF4J logger
     * {@code dev.kiln.serve.access} at INFO; {@code null} turns the log off.
     */
    public void accessLog(java.util.function.Consumer<String> sink) {
        this.accessLog = sink;
    }

    private ApiResponse route(ApiRequest request) {
        String path = request.path().length() > 1 && request.path().endsWith("/")
                ? request.path().substring(0, request.path().length() - 1) : request.path();
        if (request.method().equals("OPTIONS")) {
            return new ApiResponse(204, Map.of("Allow", "GET, HEAD, OPTIONS"), new byte[0]);
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return ApiResponse.error(405, "This API is read-only: use GET.").with("Allow", "GET, HEAD, OPTIONS");
        }
        switch (path) {
            case "/health":
                return health();
            case "/openapi.json": {
                ReplicaVersion v = replica.current();
                if (v == null) {
                    return ApiResponse.error(503, "The data is still loading; try again shortly.");
                }
                return ApiResponse.json(200, openApi.document(v)).with("ETag", v.etag());
            }
            case "/docs":
                return swaggerUi.page();
            default:
                break;
        }
        if (path.startsWith("/docs/")) {
            return swaggerUi.resource(path.substring("/docs/".length()));
        }
        List<String> segments = segments(path);
        for (EndpointHandler e : endpoints) {
            Map<String, String> values = e.endpoint().path().match(segments);
            if (values != null) {
                ApiResponse denied = authorize(e.spec(), request);
                return denied != null ? denied : e.handle(request, values, replica);
            }
        }
        List<String> paths = new ArrayList<>();
        endpoints.forEach(e -> paths.add(e.endpoint().path().text()));
        return ApiResponse.error(404, "No endpoint at " + path + ". Endpoints: " + String.join(", ", paths)
                + " (and /health, /openapi.json, /docs).");
    }

    private ApiResponse authorize(ServeSpec spec, ApiRequest request) {
        ApiKeys k = keys.get(spec);
        if (!k.required()) {
            return null;
        }
        String presented = ApiKeys.presented(request);
        if (presented == null || presented.isEmpty()) {
            return ApiResponse.error(401, "This API needs a key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.")
                    .with("WWW-Authenticate", "Bearer");
        }
        if (!k.accepts(presented)) {
            return ApiResponse.error(403, "The API key is not valid for this API.");
        }
        return null;
    }

    private ApiResponse health() {
        ReplicaVersion v = replica.current();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", v == null ? "loading" : "ok");
        if (v != null) {
            m.put("data_version", v.number());
            m.put("loaded_at", v.loadedAt().toString());
            m.put("load_seconds", v.loadTime().toMillis() / 1000.0);
            Map<String, Object> models = new LinkedHashMap<>();
            v.tables().forEach((name, t) -> models.put(name, Map.of("rows", t.rows())));
            m.put("models", models);
        }
        return ApiResponse.json(v == null ? 503 : 200, Json.write(m, false)).with("Cache-Control", "no-store");
    }

    /** CORS, caching headers, gzip, HEAD. */
    private ApiResponse finish(ApiRequest request, ApiResponse response) {
        Map<String, String> h = new LinkedHashMap<>(response.headers());
        String origin = request.header("Origin");
        String allow = corsAllow(origin);
        if (allow != null) {
            h.put("Access-Control-Allow-Origin", allow);
            h.put("Access-Control-Expose-Headers", "ETag");
            if (!allow.equals("*")) {
                h.put("Vary", "Origin, Accept-Encoding");
            }
            if (request.method().equals("OPTIONS")) {
                h.put("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
                h.put("Access-Control-Allow-Headers", "Authorization, X-API-Key, If-None-Match, Content-Type");
                h.put("Access-Control-Max-Age", String.valueOf(corsMaxAge()));
            }
        }
        h.putIfAbsent("Vary", "Accept-Encoding");
        h.putIfAbsent("Cache-Control", "no-cache");
        byte[] body = response.body();
        String accept = request.header("Accept-Encoding");
        if (body.length >= GZIP_MIN_BYTES && accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip")) {
            body = gzip(body);
            h.put("Content-Encoding", "gzip");
        }
        if (request.method().equals("HEAD")) {
            body = new byte[0];
        }
        return response.withBody(body, h);
    }

    private String corsAllow(String origin) {
        for (ServeSpec s : keys.keySet()) {
            String a = s.cors().allow(origin);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    private int corsMaxAge() {
        return keys.keySet().stream().mapToInt(s -> s.cors().maxAgeSeconds()).max().orElse(600);
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out, 8192)) {
            z.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The percent-decoded segments of a path ({@code +} stays a plus). */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        String p = path.startsWith("/") ? path.substring(1) : path;
        for (String s : p.split("/", -1)) {
            out.add(percentDecode(s));
        }
        return out;
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            int hi = -1;
            int lo = -1;
            if (s.charAt(i) == '%' && i + 2 < s.length()) {
                hi = Character.digit(s.charAt(i + 1), 16);
                lo = Character.digit(s.charAt(i + 2), 16);
            }
            if (hi >= 0 && lo >= 0) {
                out.write(hi * 16 + lo);
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
