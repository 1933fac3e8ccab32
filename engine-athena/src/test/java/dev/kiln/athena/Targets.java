package dev.kiln.athena;

import dev.kiln.SourcePosition;
import dev.kiln.TargetConfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Target settings for tests. */
final class Targets {

    private Targets() {
    }

    /** A complete athena target named {@code prod}, with {@code overrides} on top. */
    static TargetConfig prod(Map<String, Object> overrides) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("region", "eu-west-1");
        s.put("work_group", "analytics");
        s.put("s3_staging_dir", "s3://results/athena/");
        s.put("s3_data_dir", "s3://lake/data/");
        s.put("schema", "datavision");
        s.put("execution", "api");
        s.putAll(overrides);
        s.values().removeIf(v -> v == null);
        return new TargetConfig("prod", "athena", s, new SourcePosition(Path.of("kiln.yml"), 12, 5));
    }

    static AthenaSettings settings(Map<String, Object> overrides) {
        return AthenaSettings.of(prod(overrides));
    }

    static AthenaSettings settings() {
        return settings(Map.of());
    }
}
