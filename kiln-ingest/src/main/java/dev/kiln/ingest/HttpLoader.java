package dev.kiln.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.SourceLoad;
import dev.kiln.spi.LoadOutcome;
import dev.kiln.spi.LoadRequest;
import dev.kiln.spi.Loader;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code from: http}: reads a paginated JSON REST API. Auth: {@code token} (a bearer token) or
 * {@code api_key} (sent in header {@code api_key_header}, default {@code X-API-Key}, or as query
 * parameter {@code api_key_param}). Records: the array at {@code records} (a dotted path;
 * without it the body itself must be an array). Pagination, by whichever key is set:
 * {@code next_page} (the path of the next page's URL in the body: next-link),
 * {@code next_cursor} + {@code cursor_param} (the path of an opaque cursor, sent back as a
 * parameter), or {@code offset_param} (+ {@code limit_param}, {@code page_size}). Incremental:
 * with {@code cursor}, records at or before the stored value are skipped, and with
 * {@code since_param} the lower bound is sent to the API too. Transient failures (connection
 * errors, 429, 500, 502, 503, 504) are retried up to {@code max_retries} times, honouring
 * {@code Retry-After}; a load stops after {@code max_pages} pages.
 */
public final class HttpLoader implements Loader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> TRANSIENT = Set.of(429, 500, 502, 503, 504);

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Set<String> keys() {
        return Set.of("base_url", "path", "token", "api_key", "api_key_header", "api_key_param", "records",
                "next_page", "next_cursor", "cursor_param", "offset_param", "limit_param", "page_size", "params",
                "since_param", "max_pages", "max_retries", "max_retry_wait", "timeout_seconds");
    }

    @Override
    public void validate(SourceLoad load, Problems problems) {
        Settings.require(load, problems, "from: http", "base_url");
        Object base = load.settings().get("base_url");
        if (base != null && !String.valueOf(base).isBlank() && !String.valueOf(base).matches("(?i)https?://.+")) {
            problems.error("base_url", "'base_url' must be an http:// or https:// URL, not '" + Urls.redact(String.valueOf(base)) + "'.", null);
        }
        if (load.settings().get("next_cursor") != null && load.settings().get("cursor_param") == null) {
            problems.error("next_cursor", "'next_cursor' needs 'cursor_param', the query parameter that sends it back.", null);
        }
        for (String k : new String[] {"page_size", "max_pages", "max_retries", "max_retry_wait", "timeout_seconds"}) {
            Object v = load.settings().get(k);
            if (v != null && !(v instanceof Integer i && i >= 0)) {
                problems.error(k, "'" + k + "' must be a whole number.", null);
            }
        }
    }

    @Override
    public LoadOutcome load(LoadRequest request) {
        Settings s = new Settings(request.load(), request.table().sourceName() + "." + request.table().name());
        LoadState state = request.fullRefresh() ? LoadState.EMPTY : LoadState.parse(request.sink().state());
        Cursor cursor = Cursor.of(s, state);
        Progress progress = new Progress(request.progress(), s.table());
        Normalizer normalizer = new Normalizer(request.sink(), s.string("schema_contract"), request.loadId(), s.table());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(s.integer("timeout_seconds", 30)))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        Map<String, String> params = new LinkedHashMap<>();
        s.map("params").forEach((k, v) -> params.put(k, String.valueOf(v)));
        if (cursor != null && cursor.bounded() && s.string("since_param") != null) {
            params.put(s.string("since_param"), cursor.lowerBound());
        }
        int pageSize = s.integer("page_size", 100);
        if (s.string("offset_param") != null) {
            params.put(s.string("limit_param", "limit"), String.valueOf(pageSize));
        }
        if (s.string("api_key") != null && s.string("api_key_param") != null) {
            params.put(s.string("api_key_param"), s.string("api_key"));
        }
        URI next = URI.create(join(s.required("base_url"), s.string("path", "")) + query(params, 0, s));
        int maxPages = s.integer("max_pages", 100_000);
        int pages = 0;
        long offset = 0;
        Set<String> visited = new java.util.HashSet<>();
        while (next != null) {
            if (++pages > maxPages) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "Loading " + s.table() + " stopped after " + maxPages
                        + " pages ('max_pages'); nothing was committed. Raise 'max_pages' if the API really has more.");
            }
            if (!visited.add(next.toString())) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "The API sent " + s.table() + " to a page it had"
                        + " already sent (" + Urls.redact(next.toString()) + "): pagination loops. Check 'next_page'.");
            }
            String body = fetch(client, next, s);
            progress.bytes(body.length());
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "The API answered " + Urls.redact(next.toString())
                        + " with a body that is not JSON (" + e.getMessage() + "), loading " + s.table() + ".");
            }
            JsonNode records = s.string("records") == null ? root : at(root, s.string("records"));
            if (records == null || !records.isArray()) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "The page " + Urls.redact(next.toString()) + " has no array at '"
                        + s.string("records", "(the body)") + "' (" + s.load().positionOf("records") + "), loading " + s.table() + ".");
            }
            int count = 0;
            for (JsonNode r : records) {
                count++;
                if (!r.isObject()) {
                    if (s.skipBad()) {
                        continue;
                    }
                    throw new KilnException(ErrorCode.EXECUTION_FAILED, "A record of " + Urls.redact(next.toString())
                            + " is not a JSON object (" + Normalizer.abbreviate(r) + "). Set 'on_bad_record: skip' to skip such records.");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = JSON.convertValue(r, Map.class);
                if (cursor != null) {
                    Object v = m.get(cursor.column());
                    if (!cursor.past(v)) {
                        continue;
                    }
                    cursor.offer(v);
                }
                normalizer.add(m);
                progress.row(0);
            }
            next = nextPage(root, next, s, params, count, pageSize, offset += count);
        }
        LoadState after = new LoadState(cursor == null ? null : cursor.next(), Set.of());
        long committed = request.sink().commit(after.json());
        request.progress().accept(progress.line("loaded"));
        return new LoadOutcome(committed, progress.bytesRead(), normalizer.discarded(), "loaded " + normalizer.records()
                + " records from " + pages + " page(s) (" + Progress.size(progress.bytesRead()) + ")"
                + (normalizer.discarded() > 0 ? ", discarded " + normalizer.discarded() : ""));
    }

    private URI nextPage(JsonNode root, URI current, Settings s, Map<String, String> params, int count, int pageSize,
                         long offset) {
        if (s.string("next_page") != null) {
            JsonNode n = at(root, s.string("next_page"));
            return n == null || n.isNull() || n.asText().isBlank() ? null : current.resolve(n.asText());
        }
        if (s.string("next_cursor") != null) {
            JsonNode n = at(root, s.string("next_cursor"));
            if (n == null || n.isNull() || n.asText().isBlank() || count == 0) {
                return null;
            }
            Map<String, String> p = new LinkedHashMap<>(params);
            p.put(s.string("cursor_param"), n.asText());
            return URI.create(join(s.required("base_url"), s.string("path", "")) + query(p, 0, s));
        }
        if (s.string("offset_param") != null) {
            if (count == 0 || count < pageSize) {
                return null;
            }
            return URI.create(join(s.required("base_url"), s.string("path", "")) + query(params, offset, s));
        }
        return null;
    }

    private static String query(Map<String, String> params, long offset, Settings s) {
        Map<String, String> p = new LinkedHashMap<>(params);
        if (s.string("offset_param") != null) {
            p.put(s.string("offset_param"), String.valueOf(offset));
        }
        if (p.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("?");
        p.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    private static String join(String base, String path) {
        if (path.isEmpty()) {
            return base;
        }
        return base.replaceAll("/+$", "") + "/" + path.replaceAll("^/+", "");
    }

    /** The node at a dotted path ({@code paging.next}), or {@code null}. */
    static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            if (n == null) {
                return null;
            }
            n = n.get(part);
        }
        return n;
    }

    private String fetch(HttpClient client, URI uri, Settings s) {
        int maxRetries = s.integer("max_retries", 5);
        long maxWait = s.integer("max_retry_wait", 60) * 1000L;
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(s.integer("timeout_seconds", 30)))
                    .header("Accept", "application/json");
            if (s.string("token") != null) {
                b.header("Authorization", "Bearer " + s.string("token"));
            }
            if (s.string("api_key") != null && s.string("api_key_param") == null) {
                b.header(s.string("api_key_header", "X-API-Key"), s.string("api_key"));
            }
            String problem;
            long wait = Math.min(maxWait, 250L << Math.min(attempt, 10));
            try {
                HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() / 100 == 2) {
                    return r.body();
                }
                problem = "HTTP " + r.statusCode() + " " + Normalizer.abbreviate(r.body().replaceAll("\\s+", " "));
                if (!TRANSIENT.contains(r.statusCode())) {
                    throw new KilnException(ErrorCode.EXECUTION_FAILED, "The API answered " + Urls.redact(uri.toString())
                            + " with " + problem + " (loading " + s.table() + ")."
                            + (r.statusCode() == 401 || r.statusCode() == 403 ? " Check 'token' or 'api_key'." : ""));
                }
                Long retryAfter = retryAfter(r.headers().firstValue("Retry-After").orElse(null));
                if (retryAfter != null) {
                    wait = Math.min(maxWait, retryAfter);
                }
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "Interrupted while loading " + s.table() + ".", e);
            }
            if (attempt >= maxRetries) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "The API at " + Urls.redact(uri.toString()) + " failed "
                        + (attempt + 1) + " times (last: " + Urls.redact(problem) + "), loading " + s.table()
                        + "; nothing was committed. Try again later, or raise 'max_retries'.");
            }
            sleep(wait);
        }
    }

    /** Milliseconds to wait from a {@code Retry-After} header (seconds or an HTTP date). */
    static Long retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, (long) (Double.parseDouble(header.strip()) * 1000));
        } catch (NumberFormatException e) {
            try {
                return Math.max(0, Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toMillis());
            } catch (RuntimeException unparsable) {
                return null;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Interrupted while waiting to retry.", e);
        }
    }
}
