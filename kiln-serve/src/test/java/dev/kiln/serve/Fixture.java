package dev.kiln.serve;

import dev.kiln.Exposure;
import dev.kiln.NodeOrigin;
import dev.kiln.Relation;
import dev.kiln.SourcePosition;
import dev.kiln.TargetConfig;
import dev.kiln.duckdb.DuckDbProvider;
import dev.kiln.spi.AdapterContext;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A DuckDB file with segment-like data, and exposures written as records. */
final class Fixture {

    static final Path YML = Path.of("models/api.yml");

    private Fixture() {
    }

    /** analytics.segments: 250 users, analytics.events: no unique key. */
    static Path database(Path dir) throws SQLException {
        Path db = dir.resolve("warehouse.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            st.execute("create schema analytics");
            st.execute("""
                    create table analytics.segments as
                    select i::bigint as user_id,
                           case when i % 3 = 0 then 'champions' when i % 3 = 1 then 'at_risk' else 'new' end as segment,
                           (i * 1.25)::decimal(12,2) as monetary,
                           i / 8.0 as score,
                           timestamp '2026-10-01 12:00:00' + to_seconds(i) as last_seen_at,
                           date '2026-01-01' + i::int as signup_date,
                           i % 2 = 0 as is_paying,
                           case when i % 5 = 0 then null else 'note ' || i end as note,
                           ['a', 'b'] as tags
                    from range(1, 251) t(i)
                    """);
            st.execute("create table analytics.events as select i % 10 as user_id, 'e' || i as kind from range(0, 25) t(i)");
        }
        return db;
    }

    static AdapterReplicaSource source(Path dir, Path db) {
        TargetConfig target = new TargetConfig("dev", "duckdb", Map.of("path", db.toString()), SourcePosition.of(YML));
        return new AdapterReplicaSource(new DuckDbProvider(), new AdapterContext(target, dir));
    }

    static Map<String, ServedModel> models() {
        Map<String, ServedModel> m = new LinkedHashMap<>();
        m.put("segments", new ServedModel("segments", Relation.of("analytics", "segments"), "One row per user.",
                Map.of("user_id", "The user.", "segment", "RFM segment."), List.of(Set.of("user_id"))));
        m.put("events", new ServedModel("events", Relation.of("analytics", "events"), "", Map.of(), List.of()));
        return m;
    }

    /** An exposure with a serve block; every key's position is line 10 + its index in {@code positions}. */
    static Exposure exposure(String name, Map<String, Object> serve, String... positions) {
        Map<String, SourcePosition> pos = new LinkedHashMap<>();
        for (int i = 0; i < positions.length; i++) {
            pos.put(positions[i], new SourcePosition(YML, 10 + i, 7));
        }
        return new Exposure("exposure.test." + name, name, "", "application", Exposure.Owner.NONE,
                "Test API.", List.of(), "", "", List.of(), Map.of(), true, null, null, serve, pos,
                new NodeOrigin(YML, new SourcePosition(YML, 3, 5), List.of("test", name)));
    }

    static Map<String, Object> endpoint(String path, String model, Object... more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("model", model);
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    static ApiRequest get(String pathAndQuery, String... headers) {
        int q = pathAndQuery.indexOf('?');
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return ApiRequest.of("GET", q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                q < 0 ? "" : pathAndQuery.substring(q + 1), h, "127.0.0.1");
    }
}
