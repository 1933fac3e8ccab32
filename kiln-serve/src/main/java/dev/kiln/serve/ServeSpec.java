package dev.kiln.serve;

import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.Exposure;
import dev.kiln.KilnException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code serve:} block of an exposure, read and checked: which models are published at
 * which paths, who may call them, and from which browser origins.
 *
 * @param exposure  the exposure it was read from (for names, descriptions and positions)
 * @param apiKeys   accepted keys; empty means the API is open
 * @param cors      the browser origins allowed to call the API
 * @param endpoints the endpoints, in YAML order
 */
public record ServeSpec(Exposure exposure, List<String> apiKeys, Cors cors, List<Endpoint> endpoints) {

    /** The keys a {@code serve:} block accepts. */
    public static final Set<String> KEYS = Set.of("auth", "cors", "endpoints");
    /** The keys an endpoint accepts. */
    public static final Set<String> ENDPOINT_KEYS = Set.of("path", "model", "page_size", "description", "columns",
            "filter");
    /** The page size when an endpoint sets none. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** The largest page size an endpoint may set. */
    public static final int MAX_PAGE_SIZE = 10_000;
    /** Paths the server answers itself. */
    public static final Set<String> RESERVED = Set.of("/health", "/openapi.json", "/docs");

    /** Copies the lists. */
    public ServeSpec {
        apiKeys = List.copyOf(apiKeys);
        endpoints = List.copyOf(endpoints);
    }

    /**
     * One endpoint.
     *
     * @param index       its place in {@code endpoints} (for positions: {@code serve.endpoints[index].path})
     * @param path        the path template
     * @param model       the model it publishes (a model, seed or snapshot name)
     * @param pageSize    the most rows one response holds ({@code limit} may ask for fewer)
     * @param columns     the columns returned, or empty for all of them
     * @param description what it answers, or {@code ""}
     * @param filter      fixed conditions, column = value, that every response meets
     *                    ({@code filter: {is_at_risk: true}})
     */
    public record Endpoint(int index, PathTemplate path, String model, int pageSize, List<String> columns,
                           String description, Map<String, String> filter) {
        /** Copies the collections. */
        public Endpoint {
            columns = List.copyOf(columns);
            filter = Map.copyOf(filter);
        }

        /** The dotted key path of one of its keys, for {@link Exposure#positionOf}. */
        public String key(String name) {
            return "serve.endpoints[" + index + "]" + (name.isEmpty() ? "" : "." + name);
        }
    }

    /**
     * Cross-origin resource sharing.
     *
     * @param allowOrigins origins allowed ({@code *} for any); empty: no CORS headers are sent
     * @param maxAgeSeconds how long a browser may cache a preflight answer
     */
    public record Cors(List<String> allowOrigins, int maxAgeSeconds) {
        /** No cross-origin calls. */
        public static final Cors NONE = new Cors(List.of(), 600);

        /** Copies the list. */
        public Cors {
            allowOrigins = List.copyOf(allowOrigins);
        }

        /** The value of {@code Access-Control-Allow-Origin} for a request from {@code origin}, or {@code null}. */
        public String allow(String origin) {
            if (origin == null || allowOrigins.isEmpty()) {
                return null;
            }
            if (allowOrigins.contains("*")) {
                return "*";
            }
            return allowOrigins.contains(origin) ? origin : null;
        }
    }

    /** Whether callers must present a key. */
    public boolean secured() {
        return !apiKeys.isEmpty();
    }

    /**
     * Reads the {@code serve:} block of {@code exposure}.
     *
     * @throws KilnException {@link ErrorCode#PROJECT_INVALID} listing every problem with its position
     */
    public static ServeSpec of(Exposure exposure) {
        List<Diagnostic> problems = new ArrayList<>();
        ServeSpec spec = read(exposure, problems);
        if (!problems.isEmpty()) {
            throw new KilnException(ErrorCode.PROJECT_INVALID, "The serve block of exposure '" + exposure.name()
                    + "' has " + (problems.size() == 1 ? "1 error" : problems.size() + " errors") + ".", problems);
        }
        return spec;
    }

    private static ServeSpec read(Exposure e, List<Diagnostic> problems) {
        Map<String, Object> serve = e.serve();
        if (serve == null) {
            problems.add(Diagnostic.error("serve-missing", e.origin().position(), "Exposure '" + e.name()
                    + "' has no serve: block.", "Add serve: {endpoints: [{path: /things/{id}, model: things}]}."));
            return null;
        }
        unknownKeys(e, serve, KEYS, "serve", problems);
        List<String> keys = apiKeys(e, serve.get("auth"), problems);
        Cors cors = cors(e, serve.get("cors"), problems);
        List<Endpoint> endpoints = new ArrayList<>();
        Object list = serve.get("endpoints");
        if (!(list instanceof List<?> items) || items.isEmpty()) {
            problems.add(Diagnostic.error("serve-endpoints", e.positionOf("serve" + (list == null ? "" : ".endpoints")),
                    "serve: of exposure '" + e.name() + "' needs a non-empty list 'endpoints'.",
                    "e.g. endpoints: [{path: /users/{user_id}, model: dim_users}]"));
            return new ServeSpec(e, keys, cors, endpoints);
        }
        for (int i = 0; i < items.size(); i++) {
            Endpoint ep = endpoint(e, i, items.get(i), problems);
            if (ep == null) {
                continue;
            }
            for (Endpoint other : endpoints) {
                if (other.path().overlaps(ep.path())) {
                    problems.add(Diagnostic.error("serve-path-conflict", e.positionOf(ep.key("path")),
                            "Endpoint path '" + ep.path().text() + "' clashes with '" + other.path().text()
                                    + "' (endpoint " + other.index() + "): a request could match both.",
                            "Give one of them another literal segment."));
                }
            }
            endpoints.add(ep);
        }
        return new ServeSpec(e, keys, cors, endpoints);
    }

    private static Endpoint endpoint(Exposure e, int i, Object item, List<Diagnostic> problems) {
        String at = "serve.endpoints[" + i + "]";
        if (!(item instanceof Map<?, ?> raw)) {
            problems.add(Diagnostic.error("serve-endpoint", e.positionOf(at), "Endpoint " + i + " of exposure '"
                    + e.name() + "' is not a mapping.", "Write {path: /things/{id}, model: things}."));
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) raw;
        unknownKeys(e, m, ENDPOINT_KEYS, at, problems);
        int before = problems.size();
        PathTemplate path = null;
        Object p = m.get("path");
        try {
            path = PathTemplate.parse(p == null ? null : String.valueOf(p));
            if (RESERVED.contains(path.toString()) || path.toString().startsWith("/docs/")) {
                problems.add(Diagnostic.error("serve-path-reserved", e.positionOf(at + ".path"), "Endpoint path '"
                        + path.text() + "' is answered by the server itself.", "Pick another path; reserved: "
                        + String.join(", ", RESERVED.stream().sorted().toList()) + "."));
            }
        } catch (IllegalArgumentException bad) {
            problems.add(Diagnostic.error("serve-path", e.positionOf(at + (p == null ? "" : ".path")),
                    "Endpoint " + i + " of exposure '" + e.name() + "': " + bad.getMessage() + ".",
                    "e.g. path: /users/{user_id}/segment, where user_id is a column of the model."));
        }
        Object model = m.get("model");
        if (!(model instanceof String s) || s.isBlank()) {
            problems.add(Diagnostic.error("serve-model", e.positionOf(at + (model == null ? "" : ".model")),
                    "Endpoint " + i + " of exposure '" + e.name() + "' needs 'model': the model it publishes.",
                    "e.g. model: rfm_segments"));
        }
        int pageSize = DEFAULT_PAGE_SIZE;
        Object ps = m.get("page_size");
        if (ps != null) {
            try {
                pageSize = Integer.parseInt(String.valueOf(ps).trim());
            } catch (NumberFormatException nfe) {
                pageSize = -1;
            }
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                problems.add(Diagnostic.error("serve-page-size", e.positionOf(at + ".page_size"), "page_size '" + ps
                        + "' of endpoint " + i + " must be a whole number from 1 to " + MAX_PAGE_SIZE + ".",
                        "Leave it out for " + DEFAULT_PAGE_SIZE + "."));
            }
        }
        List<String> columns = new ArrayList<>();
        Object cols = m.get("columns");
        if (cols instanceof List<?> l) {
            l.forEach(c -> columns.add(String.valueOf(c)));
        } else if (cols != null) {
            problems.add(Diagnostic.error("serve-columns", e.positionOf(at + ".columns"), "columns of endpoint " + i
                    + " must be a list of column names.", "e.g. columns: [user_id, rfm_segment]"));
        }
        Map<String, String> filter = new java.util.LinkedHashMap<>();
        Object f = m.get("filter");
        if (f instanceof Map<?, ?> fm) {
            fm.forEach((k, v) -> {
                if (v == null || v instanceof Map || v instanceof List) {
                    problems.add(Diagnostic.error("serve-filter", e.positionOf(at + ".filter." + k), "filter '" + k
                            + "' of endpoint " + i + " needs one plain value.", "e.g. filter: {is_at_risk: true}"));
                } else {
                    filter.put(String.valueOf(k), String.valueOf(v));
                }
            });
        } else if (f != null) {
            problems.add(Diagnostic.error("serve-filter", e.positionOf(at + ".filter"), "filter of endpoint " + i
                    + " must be a mapping of column to value.", "e.g. filter: {is_at_risk: true}"));
        }
        Object d = m.get("description");
        if (problems.size() > before) {
            return null;
        }
        return new Endpoint(i, path, (String) model, pageSize, columns, d == null ? "" : String.valueOf(d).trim(),
                filter);
    }

    private static List<String> apiKeys(Exposure e, Object auth, List<Diagnostic> problems) {
        if (auth == null) {
            return List.of();
        }
        if (!(auth instanceof Map<?, ?> m)) {
            problems.add(Diagnostic.error("serve-auth", e.positionOf("serve.auth"), "serve.auth of exposure '"
                    + e.name() + "' must be a mapping.", "Write auth: {api_keys: \"${env_var('MY_API_KEYS', '')}\"}."));
            return List.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) m;
        unknownKeys(e, a, Set.of("api_keys"), "serve.auth", problems);
        Object keys = a.get("api_keys");
        List<String> out = new ArrayList<>();
        if (keys instanceof List<?> l) {
            l.forEach(k -> out.add(String.valueOf(k).trim()));
        } else if (keys != null) {
            out.addAll(Arrays.asList(String.valueOf(keys).split(",")));
        }
        return out.stream().map(String::trim).filter(k -> !k.isEmpty()).distinct().toList();
    }

    private static Cors cors(Exposure e, Object cors, List<Diagnostic> problems) {
        if (cors == null) {
            return Cors.NONE;
        }
        if (!(cors instanceof Map<?, ?> m)) {
            problems.add(Diagnostic.error("serve-cors", e.positionOf("serve.cors"), "serve.cors of exposure '"
                    + e.name() + "' must be a mapping.", "Write cors: {allow_origins: ['https://app.example.com']}."));
            return Cors.NONE;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) m;
        unknownKeys(e, c, Set.of("allow_origins", "max_age_seconds"), "serve.cors", problems);
        List<String> origins = new ArrayList<>();
        Object o = c.get("allow_origins");
        if (o instanceof List<?> l) {
            l.forEach(x -> origins.add(String.valueOf(x).trim()));
        } else if (o != null) {
            Arrays.stream(String.valueOf(o).split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(origins::add);
        }
        int maxAge = Cors.NONE.maxAgeSeconds();
        Object ma = c.get("max_age_seconds");
        if (ma != null) {
            try {
                maxAge = Integer.parseInt(String.valueOf(ma).trim());
            } catch (NumberFormatException nfe) {
                maxAge = -1;
            }
            if (maxAge < 0) {
                problems.add(Diagnostic.error("serve-cors", e.positionOf("serve.cors.max_age_seconds"),
                        "max_age_seconds '" + ma + "' must be a whole number of seconds (0 or more).", "e.g. 600"));
                maxAge = Cors.NONE.maxAgeSeconds();
            }
        }
        return new Cors(origins, maxAge);
    }

    private static void unknownKeys(Exposure e, Map<String, Object> m, Set<String> allowed, String at,
                                    List<Diagnostic> problems) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                problems.add(Diagnostic.error("serve-unknown-key", e.positionOf(at + "." + k), "Unknown key '" + k
                        + "' in " + at + " of exposure '" + e.name() + "'.",
                        dev.kiln.internal.util.Suggest.didYouMean(k, allowed,
                                "Allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ".")));
            }
        }
    }
}
