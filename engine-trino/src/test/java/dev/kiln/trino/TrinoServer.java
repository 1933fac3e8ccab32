package dev.kiln.trino;

import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Trino coordinator (release 483, from Trino's testing artifacts) started once in the test
 * JVM and shared by every test class of the module, with an Iceberg catalog {@code iceberg} on
 * the local file system in a fresh temporary directory. Trino's classes are Java 25 bytecode:
 * this module's tests run on a JDK 25 (surefire's {@code jvm}, see the pom), while its test
 * sources compile at Java 17 like the rest, so the server is driven by reflection here.
 */
public final class TrinoServer {

    private static TrinoServer shared;

    private final AutoCloseable runner;
    private final URI baseUrl;
    private final Path warehouse;
    private final Object coordinatorRunner;

    private TrinoServer(Object runner, URI baseUrl, Path warehouse) {
        this.runner = (AutoCloseable) runner;
        this.coordinatorRunner = runner;
        this.baseUrl = baseUrl;
        this.warehouse = warehouse;
    }

    /** The one server of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized TrinoServer shared() {
        if (shared == null) {
            if (Runtime.version().feature() < 25) {
                throw new IllegalStateException("The Trino tests need a JDK 25 (this JVM is " + Runtime.version()
                        + "): run them with -Dkiln.trino.test.jvm=/path/to/jdk-25/bin/java.");
            }
            try {
                shared = start();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start Trino in the test JVM: " + e, e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** Host and port of the coordinator, e.g. {@code 127.0.0.1:41235}. */
    public String host() {
        return baseUrl.getHost();
    }

    /** The coordinator's HTTP port. */
    public int port() {
        return baseUrl.getPort();
    }

    /** The directory the Iceberg catalog keeps its files in. */
    public Path warehouse() {
        return warehouse;
    }

    /** Settings of a {@code trino} target on this server's {@code iceberg} catalog and {@code schema}. */
    public Map<String, Object> target(String schema) {
        Map<String, Object> t = new HashMap<>();
        t.put("host", host());
        t.put("port", port());
        t.put("user", "kiln");
        t.put("database", "iceberg");
        t.put("schema", schema);
        return t;
    }

    /** Adds another Iceberg catalog on the local file system. */
    public synchronized void createIcebergCatalog(String name) throws Exception {
        Path dir = Files.createDirectories(warehouse.resolve(name));
        method(coordinatorRunner.getClass(), "createCatalog", String.class, String.class, Map.class)
                .invoke(coordinatorRunner, name, "iceberg", icebergProperties(dir));
    }

    /**
     * Adds a Hive catalog over the local directory {@code root}: {@code local:///x/y} is
     * {@code root/x/y}, so {@code CREATE TABLE … WITH (external_location = 'local:///data/raw/users',
     * format = 'PARQUET')} reads files in place (as Glue tables over S3 do for Athena). Timestamps
     * are read at microsecond precision, as DuckDB writes them. Its metastore is kept under
     * {@code root/target/trino-hive-metastore}.
     */
    public synchronized void createHiveCatalog(String name, Path root) throws Exception {
        if (!hivePluginInstalled) {
            Object plugin = Class.forName("io.trino.plugin.hive.HivePlugin").getConstructor().newInstance();
            method(coordinatorRunner.getClass(), "installPlugin", Class.forName("io.trino.spi.Plugin"))
                    .invoke(coordinatorRunner, plugin);
            hivePluginInstalled = true;
        }
        Files.createDirectories(root.resolve("target/trino-hive-metastore"));
        method(coordinatorRunner.getClass(), "createCatalog", String.class, String.class, Map.class)
                .invoke(coordinatorRunner, name, "hive", Map.of(
                        "hive.metastore", "file",
                        "hive.metastore.catalog.dir", "local:///target/trino-hive-metastore",
                        "hive.timestamp-precision", "MICROSECONDS",
                        "fs.local.enabled", "true",
                        "local.location", root.toString()));
    }

    private boolean hivePluginInstalled;

    private static TrinoServer start() throws Exception {
        long t0 = System.nanoTime();
        Path warehouse = Files.createTempDirectory("kiln-trino-");
        Object sessionBuilder = Class.forName("io.trino.testing.TestingSession").getMethod("testSessionBuilder").invoke(null);
        sessionBuilder = method(sessionBuilder.getClass(), "setCatalog", String.class).invoke(sessionBuilder, "iceberg");
        sessionBuilder = method(sessionBuilder.getClass(), "setSchema", String.class).invoke(sessionBuilder, "default");
        Object session = method(sessionBuilder.getClass(), "build").invoke(sessionBuilder);
        Class<?> runnerClass = Class.forName("io.trino.testing.DistributedQueryRunner");
        Object builder = runnerClass.getMethod("builder", Class.forName("io.trino.Session")).invoke(null, session);
        builder = method(builder.getClass(), "setWorkerCount", int.class).invoke(builder, 0);
        Object runner = method(builder.getClass(), "build").invoke(builder);
        quiet();
        Object plugin = Class.forName("io.trino.plugin.iceberg.IcebergPlugin").getConstructor().newInstance();
        method(runnerClass, "installPlugin", Class.forName("io.trino.spi.Plugin")).invoke(runner, plugin);
        Path iceberg = Files.createDirectories(warehouse.resolve("iceberg"));
        method(runnerClass, "createCatalog", String.class, String.class, Map.class)
                .invoke(runner, "iceberg", "iceberg", icebergProperties(iceberg));
        Object coordinator = method(runnerClass, "getCoordinator").invoke(runner);
        URI base = (URI) method(coordinator.getClass(), "getBaseUrl").invoke(coordinator);
        System.err.printf("Trino %s started at %s in %.1f s (warehouse %s)%n", "483", base,
                (System.nanoTime() - t0) / 1e9, warehouse);
        return new TrinoServer(runner, base, warehouse);
    }

    /** Trino and Iceberg log every query at INFO (through java.util.logging): warnings only. */
    private static void quiet() {
        for (String name : new String[] {"", "io.trino", "io.airlift", "org.apache.iceberg", "org.eclipse.jetty", "stderr"}) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            logger.setLevel(java.util.logging.Level.WARNING);
            QUIET.add(logger); // held: a logger only referenced weakly may be collected with its level
        }
    }

    private static final java.util.List<java.util.logging.Logger> QUIET = new java.util.ArrayList<>();

    private static Map<String, String> icebergProperties(Path dir) {
        return Map.of("iceberg.catalog.type", "TESTING_FILE_METASTORE",
                "hive.metastore.catalog.dir", "local:///",
                "fs.local.enabled", "true",
                "local.location", dir.toString());
    }

    private static Method method(Class<?> type, String name, Class<?>... params) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getMethod(name, params);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                // look in the superclass
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }

    private void stop() {
        try {
            runner.close();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
        try (var files = Files.walk(warehouse)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a temporary directory: the OS cleans it eventually
        }
    }
}
