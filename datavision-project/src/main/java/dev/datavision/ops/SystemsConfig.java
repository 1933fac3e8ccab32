package dev.datavision.ops;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Where the operational systems keep their state and listen.
 *
 * @param rawDir     the simulated history (the generator's {@code data/raw})
 * @param landingDir where log files land ({@code data/landing}; sessions under {@code sessions/})
 * @param pgDataDir  the PostgreSQL data directory ({@code data/ops/postgres}), emptied at each start
 * @param pgPort     PostgreSQL port on 127.0.0.1; 0 picks a free one
 * @param apiPort    marketing API port on 127.0.0.1; 0 picks a free one
 * @param clock      the simulated day to start at (00:00 UTC; the systems hold everything before it);
 *                   null means as_of, the end of the history
 */
public record SystemsConfig(Path rawDir, Path landingDir, Path pgDataDir, int pgPort, int apiPort, LocalDate clock) {

    /** Default PostgreSQL port. */
    public static final int DEFAULT_PG_PORT = 54329;
    /** Default marketing API port. */
    public static final int DEFAULT_API_PORT = 54330;

    /** Validates the values. */
    public SystemsConfig {
        Objects.requireNonNull(rawDir, "rawDir");
        Objects.requireNonNull(landingDir, "landingDir");
        Objects.requireNonNull(pgDataDir, "pgDataDir");
        if (pgPort < 0 || pgPort > 65535 || apiPort < 0 || apiPort > 65535) {
            throw new IllegalArgumentException("ports must be from 0 to 65535");
        }
    }

    /** The layout under a DataVision data directory ({@code data/}), on the default ports, clock at as_of. */
    public static SystemsConfig under(Path dataDir) {
        return new SystemsConfig(dataDir.resolve("raw"), dataDir.resolve("landing"),
                dataDir.resolve("ops").resolve("postgres"), DEFAULT_PG_PORT, DEFAULT_API_PORT, null);
    }

    /** A copy with other ports. */
    public SystemsConfig withPorts(int newPgPort, int newApiPort) {
        return new SystemsConfig(rawDir, landingDir, pgDataDir, newPgPort, newApiPort, clock);
    }

    /** A copy with another start clock. */
    public SystemsConfig withClock(LocalDate newClock) {
        return new SystemsConfig(rawDir, landingDir, pgDataDir, pgPort, apiPort, newClock);
    }
}
