package dev.kiln.hubspot;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code sync:} block of a HubSpot exposure, read and checked. Its {@link #toString()}
 * never shows the access token.
 *
 * @param exposure         the exposure's name, for messages
 * @param object           the CRM object type ({@code contacts}, {@code companies}, …)
 * @param matchColumn      the model column holding each record's id value
 * @param matchProperty    the HubSpot property it matches ({@code idProperty})
 * @param properties       HubSpot property name → model column, in the order written
 * @param accessToken      the Private App token ({@code null} only in a dry run)
 * @param baseUrl          the API's address, without a trailing slash
 * @param requests         the client-side budget: at most this many requests …
 * @param interval         … in any window of this length
 * @param createProperties whether to create mapped properties HubSpot does not have
 * @param propertyGroup    the group created properties go into
 * @param batchSize        inputs per batch request (1–100)
 * @param maxRetries       retries of one request after a 5xx, a connection error or a 429
 * @param timeout          how long one request may take
 * @param concurrency      batch requests in flight at once (1–10)
 */
record HubSpotSettings(String exposure, String object, String matchColumn, String matchProperty,
                       Map<String, String> properties, String accessToken, String baseUrl, int requests,
                       Duration interval, boolean createProperties, String propertyGroup, int batchSize,
                       int maxRetries, Duration timeout, int concurrency) {

    /** The keys a {@code sync: {to: hubspot}} block may hold besides {@code to} and {@code model}. */
    static final Set<String> KEYS = Set.of("object", "match", "properties", "access_token", "base_url",
            "rate_limit", "create_properties", "property_group", "batch_size", "max_retries", "timeout_seconds", "concurrency");

    /** The keys Kiln's core reads from every {@code sync:} block. */
    static final List<String> CORE_KEYS = List.of("to", "model", "state_schema");

    /** HubSpot's own limit of inputs per batch request. */
    static final int MAX_BATCH = 100;

    static final String DEFAULT_BASE_URL = "https://api.hubapi.com";

    /**
     * Reads {@code settings}; every problem found is reported at once, naming the exposure and
     * the key. The token may be missing only when {@code dryRun}.
     */
    static HubSpotSettings read(String exposure, Map<String, Object> settings, boolean dryRun) {
        List<String> problems = new ArrayList<>();
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key) && !CORE_KEYS.contains(key)) {
                problems.add("unknown key '" + key + "' (a hubspot sync accepts: " + String.join(", ", CORE_KEYS) + ", "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        String object = text(settings, "object", "contacts", problems);
        if (object != null && !object.matches("[A-Za-z0-9_-]+")) {
            problems.add("object '" + object + "' is not a HubSpot object type (contacts, companies, deals, or a custom object's id)");
        }
        String matchColumn = null;
        String matchProperty = null;
        Object match = settings.get("match");
        if (match == null) {
            problems.add("'match' is missing: write match: {column: <model column>, property: <HubSpot unique property, e.g. email>}");
        } else if (match instanceof Map<?, ?> m) {
            Map<String, Object> mm = stringKeys(m);
            for (String k : mm.keySet()) {
                if (!k.equals("column") && !k.equals("property")) {
                    problems.add("unknown key 'match." + k + "' (match takes column and property)");
                }
            }
            matchColumn = text(mm, "column", null, problems, "match.column");
            matchProperty = text(mm, "property", null, problems, "match.property");
        } else {
            problems.add("'match' must be a map {column: …, property: …}");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        Object props = settings.get("properties");
        if (props == null) {
            problems.add("'properties' is missing: map each HubSpot property to a model column, e.g. {datavision_rfm_segment: rfm_segment}");
        } else if (props instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof String col) || col.isBlank()) {
                    problems.add("properties." + name + " must name a model column");
                } else if (!name.matches("[a-z0-9_]+")) {
                    problems.add("properties." + name + ": a HubSpot property name has only lower-case letters, digits and '_'");
                } else {
                    properties.put(name, col);
                }
            }
            if (m.isEmpty()) {
                problems.add("'properties' is empty: map at least one HubSpot property to a model column");
            }
        } else {
            problems.add("'properties' must be a map of HubSpot property → model column");
        }
        if (matchProperty != null && properties.containsKey(matchProperty)) {
            problems.add("properties." + matchProperty + " is the match property: it is sent as the record's id already");
        }
        String token = text(settings, "access_token", null, new ArrayList<>());
        if ((token == null || token.isBlank()) && !dryRun) {
            problems.add("'access_token' is missing or empty: set it to a HubSpot Private App token, e.g. "
                    + "access_token: \"${env_var('HUBSPOT_ACCESS_TOKEN')}\", and export that variable");
            token = null;
        }
        String baseUrl = text(settings, "base_url", DEFAULT_BASE_URL, problems);
        if (baseUrl != null) {
            baseUrl = baseUrl.replaceAll("/+$", "");
            try {
                URI u = URI.create(baseUrl);
                if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                    problems.add("base_url '" + baseUrl + "' is not an http(s) address");
                }
            } catch (IllegalArgumentException e) {
                problems.add("base_url '" + baseUrl + "' is not an address: " + e.getMessage());
            }
        }
        int requests = 100;
        long intervalMs = 10_000;
        Object rate = settings.get("rate_limit");
        if (rate instanceof Map<?, ?> m) {
            Map<String, Object> rm = stringKeys(m);
            for (String k : rm.keySet()) {
                if (!k.equals("requests") && !k.equals("per_seconds")) {
                    problems.add("unknown key 'rate_limit." + k + "' (rate_limit takes requests and per_seconds)");
                }
            }
            requests = positive(rm, "requests", 100, problems, "rate_limit.requests");
            intervalMs = Math.round(positiveDecimal(rm, "per_seconds", 10, problems, "rate_limit.per_seconds") * 1000);
        } else if (rate != null) {
            problems.add("'rate_limit' must be a map {requests: 100, per_seconds: 10}");
        }
        boolean create = bool(settings, "create_properties", false, problems);
        String group = text(settings, "property_group", null, problems);
        if (group == null && object != null) {
            group = object.equals("companies") ? "companyinformation" : object.equals("contacts") ? "contactinformation" : object + "information";
        }
        int batch = positive(settings, "batch_size", MAX_BATCH, problems, "batch_size");
        if (batch > MAX_BATCH) {
            problems.add("batch_size " + batch + " is over HubSpot's limit of " + MAX_BATCH + " inputs per request");
        }
        int retries = nonNegative(settings, "max_retries", 5, problems);
        int timeout = positive(settings, "timeout_seconds", 30, problems, "timeout_seconds");
        int concurrency = positive(settings, "concurrency", 2, problems, "concurrency");
        if (concurrency > 10) {
            problems.add("concurrency " + concurrency + " is too high: at most 10 requests in flight");
        }
        if (!problems.isEmpty()) {
            throw new KilnException(ErrorCode.PROJECT_INVALID, "The sync: block of exposure '" + exposure + "' (to: hubspot) is invalid:\n  - "
                    + String.join("\n  - ", problems));
        }
        return new HubSpotSettings(exposure, object, matchColumn, matchProperty, properties, token, baseUrl, requests,
                Duration.ofMillis(intervalMs), create, group, batch, retries, Duration.ofSeconds(timeout), concurrency);
    }

    /** Every model column the sync reads: the match column first, then the mapped ones (no repeats). */
    List<String> columns() {
        List<String> cols = new ArrayList<>();
        cols.add(matchColumn);
        properties.values().forEach(c -> {
            if (!cols.contains(c)) {
                cols.add(c);
            }
        });
        return cols;
    }

    @Override
    public String toString() {
        return "HubSpotSettings[exposure=" + exposure + ", object=" + object + ", match=" + matchColumn + "->" + matchProperty
                + ", properties=" + properties + ", baseUrl=" + baseUrl + ", accessToken=" + (accessToken == null ? "none" : "***") + "]";
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static String text(Map<String, Object> s, String key, String dflt, List<String> problems) {
        return text(s, key, dflt, problems, key);
    }

    private static String text(Map<String, Object> s, String key, String dflt, List<String> problems, String path) {
        Object v = s.get(key);
        if (v == null) {
            if (dflt == null && !key.equals("access_token") && !key.equals("property_group")) {
                problems.add("'" + path + "' is missing");
            }
            return dflt;
        }
        if (v instanceof Map || v instanceof List) {
            problems.add("'" + path + "' must be a single value");
            return dflt;
        }
        String t = String.valueOf(v).trim();
        if (t.isEmpty() && dflt != null) {
            return dflt;
        }
        return t;
    }

    private static boolean bool(Map<String, Object> s, String key, boolean dflt, List<String> problems) {
        Object v = s.get(key);
        if (v == null) {
            return dflt;
        }
        String t = String.valueOf(v).trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        problems.add("'" + key + "' must be true or false, not '" + v + "'");
        return dflt;
    }

    private static int positive(Map<String, Object> s, String key, int dflt, List<String> problems, String path) {
        int n = integer(s, key, dflt, problems, path);
        if (n < 1) {
            problems.add("'" + path + "' must be a positive whole number, not " + n);
            return dflt;
        }
        return n;
    }

    private static int nonNegative(Map<String, Object> s, String key, int dflt, List<String> problems) {
        int n = integer(s, key, dflt, problems, key);
        if (n < 0) {
            problems.add("'" + key + "' must be 0 or more, not " + n);
            return dflt;
        }
        return n;
    }

    private static int integer(Map<String, Object> s, String key, int dflt, List<String> problems, String path) {
        Object v = s.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            problems.add("'" + path + "' must be a whole number, not '" + v + "'");
            return dflt;
        }
    }

    private static double positiveDecimal(Map<String, Object> s, String key, double dflt, List<String> problems, String path) {
        Object v = s.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(String.valueOf(v).trim());
            if (d > 0 && d <= 86_400) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add("'" + path + "' must be a number of seconds above 0, not '" + v + "'");
        return dflt;
    }
}
