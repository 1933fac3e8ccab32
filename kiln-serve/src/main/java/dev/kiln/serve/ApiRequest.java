package dev.kiln.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as the API sees it, whatever carried it (the HTTP server or an AWS Lambda
 * event).
 *
 * @param method  {@code GET}, {@code HEAD}, {@code OPTIONS}, …
 * @param path    the path as sent (percent-encoded), without the query
 * @param query   query parameters, decoded, in order; a name may repeat
 * @param headers header values by lower-case name (repeated headers joined with {@code ", "})
 * @param remote  the caller's address, for the log
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                         String remote) {

    /** Copies the maps. */
    public ApiRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** A request from its raw parts: {@code rawQuery} still percent-encoded, header names in any case. */
    public static ApiRequest of(String method, String path, String rawQuery, Map<String, String> headers, String remote) {
        Map<String, String> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.merge(k.toLowerCase(Locale.ROOT), v, (a, b) -> a + ", " + b));
        return new ApiRequest(method.toUpperCase(Locale.ROOT), path, parseQuery(rawQuery), h, remote == null ? "" : remote);
    }

    /** Parses {@code a=1&b=x%20y}. */
    public static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** A header's value, or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The path and the query, for the log. */
    public String target() {
        if (query.isEmpty()) {
            return path;
        }
        StringBuilder sb = new StringBuilder(path).append('?');
        query.forEach((k, vs) -> vs.forEach(v -> sb.append(sb.charAt(sb.length() - 1) == '?' ? "" : "&")
                .append(k).append('=').append(v)));
        return sb.toString();
    }
}
