package dev.kiln.trino;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.TargetConfig;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The settings of a {@code trino} target (the keys of dbt-trino where they exist).
 *
 * @param host              the coordinator's host ({@code localhost})
 * @param port              the coordinator's port ({@code 8080}, or {@code 443} with https)
 * @param user              who queries run as ({@code kiln})
 * @param password          the password (only over https), or {@code null}; never printed
 * @param catalog           the catalog models land in ({@code database:}, as in dbt-trino; {@code catalog:} is an alias)
 * @param schema            the schema of models that name none ({@code default})
 * @param https             whether to connect with TLS ({@code http_scheme: https})
 * @param sessionProperties session properties set on every connection ({@code query_max_run_time: 1h})
 * @param replace           how a table is replaced atomically ({@code table_replace})
 */
public record TrinoSettings(String host, int port, String user, String password, String catalog, String schema,
                            boolean https, Map<String, String> sessionProperties, Replace replace) {

    /** Keys a trino target accepts. */
    public static final Set<String> KEYS = Set.of("host", "port", "user", "password", "database", "catalog", "schema",
            "threads", "http_scheme", "session_properties", "table_replace");

    /** How a table is replaced so that readers see the old one or the new one, never none. */
    public enum Replace {
        /** {@code CREATE OR REPLACE TABLE … AS} (Iceberg, Delta Lake): one commit, the old snapshots kept. */
        CREATE_OR_REPLACE,
        /** Build under a temporary name, then drop the old table and rename (connectors without it). */
        RENAME
    }

    /** Reads and checks a target's settings. */
    public static TrinoSettings of(TargetConfig target) {
        for (String key : target.settings().keySet()) {
            if (!KEYS.contains(key)) {
                throw invalid(target, "has unknown setting '" + key + "'. A trino target accepts: "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        String scheme = target.string("http_scheme").orElse("http").toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(target, "'http_scheme' must be http or https, not '" + scheme + "'");
        }
        boolean https = scheme.equals("https");
        int port;
        try {
            port = target.string("port").map(Integer::parseInt).orElse(https ? 443 : 8080);
        } catch (NumberFormatException e) {
            throw invalid(target, "'port' must be a number, not '" + target.string("port").orElse("") + "'");
        }
        String password = target.string("password").filter(p -> !p.isEmpty()).orElse(null);
        if (password != null && !https) {
            throw invalid(target, "a 'password' is only sent over TLS: set http_scheme: https");
        }
        String catalog = target.string("database").or(() -> target.string("catalog")).orElse(null);
        if (catalog == null || catalog.isBlank()) {
            throw invalid(target, "needs 'database': the Trino catalog models land in, e.g. database: iceberg");
        }
        Map<String, String> props = new LinkedHashMap<>();
        Object raw = target.settings().get("session_properties");
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
        } else if (raw != null) {
            throw invalid(target, "'session_properties' must be a mapping, e.g. session_properties: {query_max_run_time: 1h}");
        }
        String replace = target.string("table_replace").orElse("create_or_replace").toLowerCase(Locale.ROOT);
        Replace mode = switch (replace) {
            case "create_or_replace" -> Replace.CREATE_OR_REPLACE;
            case "rename" -> Replace.RENAME;
            default -> throw invalid(target, "'table_replace' must be create_or_replace or rename, not '" + replace + "'");
        };
        return new TrinoSettings(target.string("host").orElse("localhost"), port, target.string("user").orElse("kiln"),
                password, catalog.toLowerCase(Locale.ROOT), target.schema().orElse("default").toLowerCase(Locale.ROOT), https,
                Map.copyOf(props), mode);
    }

    /** The JDBC URL ({@code jdbc:trino://host:port/catalog/schema}); it carries no credentials. */
    public String url() {
        return "jdbc:trino://" + host + ":" + port + "/" + catalog + "/" + schema;
    }

    /** The JDBC connection properties (user, password, TLS, session properties). */
    Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        if (https) {
            p.setProperty("SSL", "true");
        }
        if (!sessionProperties.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            sessionProperties.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append(':').append(v));
            p.setProperty("sessionProperties", sb.toString());
        }
        p.setProperty("source", "kiln");
        return p;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "TrinoSettings[" + url() + ", user=" + user + (password == null ? "" : ", password=****") + "]";
    }

    private static KilnException invalid(TargetConfig target, String what) {
        return new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, target.position() + ": target '" + target.name() + "' "
                + what + ".");
    }
}
