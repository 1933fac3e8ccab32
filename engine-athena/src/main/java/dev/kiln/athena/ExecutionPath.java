package dev.kiln.athena;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How statements reach Athena ({@code execution:} of the target). The catalog (Glue) and the
 * data files (S3) are always handled through the AWS SDK; only query execution differs.
 */
public enum ExecutionPath {
    /** The JDBC driver when it is on the class path, the Athena API otherwise (the default). */
    AUTO,
    /** The Athena API through the AWS SDK: start, poll, page results, stop. */
    API,
    /** The official Athena JDBC driver, {@value #DRIVER_CLASS}; fails when it is missing. */
    JDBC;

    /** The class of the official Athena JDBC driver (3.x), which Maven Central does not serve. */
    public static final String DRIVER_CLASS = "com.amazon.athena.jdbc.AthenaDriver";

    /** The path called {@code name} in {@code kiln.yml}, if any. */
    public static Optional<ExecutionPath> of(String name) {
        return Arrays.stream(values()).filter(p -> p.configName().equalsIgnoreCase(name.strip())).findFirst();
    }

    /** The name used in {@code kiln.yml}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The path to take: {@link #API} or {@link #JDBC}.
     *
     * @param driverPresent whether the JDBC driver class can be loaded
     * @throws IllegalStateException when {@link #JDBC} is asked for and the driver is missing
     */
    public ExecutionPath resolve(boolean driverPresent) {
        return switch (this) {
            case AUTO -> driverPresent ? JDBC : API;
            case API -> API;
            case JDBC -> {
                if (!driverPresent) {
                    throw new IllegalStateException("the Athena JDBC driver (" + DRIVER_CLASS + ") is not on the class path");
                }
                yield JDBC;
            }
        };
    }

    /** Whether the official driver can be loaded by {@code loader} (nothing is initialized). */
    public static boolean driverPresent(ClassLoader loader) {
        try {
            Class.forName(DRIVER_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
