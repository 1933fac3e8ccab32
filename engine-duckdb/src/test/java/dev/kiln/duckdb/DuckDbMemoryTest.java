package dev.kiln.duckdb;

import dev.kiln.SourcePosition;
import dev.kiln.TargetConfig;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory_limit a DuckDB target gets when its settings name none. */
class DuckDbMemoryTest {

    @TempDir
    Path dir;

    private static final long GB = 1L << 30;

    @Test
    void halfOfWhatTheHeapLeavesAtLeast256Mb() {
        assertThat(DuckDbMemory.limitMb(16 * GB, 4 * GB)).isEqualTo(6 * 1024);
        assertThat(DuckDbMemory.limitMb(GB, GB)).isEqualTo(256);
        assertThat(DuckDbMemory.defaultLimit()).matches("\\d+MB");
    }

    private String memoryLimit(Map<String, Object> settings) {
        TargetConfig t = new TargetConfig("dev", "duckdb", settings, SourcePosition.of(Path.of("kiln.yml")));
        try (Adapter a = new DuckDbProvider().open(new AdapterContext(t, dir)); Session s = a.openSession()) {
            return String.valueOf(s.query("select current_setting('memory_limit')", 1).scalar());
        }
    }

    @Test
    void aTargetWithoutALimitGetsTheDefaultAndAnExplicitOneWins() {
        long mb = Long.parseLong(DuckDbMemory.defaultLimit().replace("MB", ""));
        String byDefault = memoryLimit(Map.of("path", "target/a.duckdb"));
        // DuckDB shows the limit in its own units (e.g. "8.4 GiB"); compare in MiB, within rounding
        assertThat(mib(byDefault)).isCloseTo(mb * 1_000_000.0 / (1 << 20), org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(memoryLimit(Map.of("path", "target/b.duckdb", "settings", Map.of("memory_limit", "300MB"))))
                .satisfies(v -> assertThat(mib(v)).isCloseTo(300_000_000.0 / (1 << 20), org.assertj.core.data.Percentage.withPercentage(3)));
    }

    private static double mib(String shown) {
        String[] p = shown.trim().split("\\s+");
        double v = Double.parseDouble(p[0]);
        return switch (p[1]) {
            case "GiB" -> v * 1024;
            case "MiB" -> v;
            case "KiB" -> v / 1024;
            default -> throw new AssertionError("unexpected unit in " + shown);
        };
    }
}
